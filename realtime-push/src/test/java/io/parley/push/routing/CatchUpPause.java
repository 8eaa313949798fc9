package io.parley.push.routing;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;

/**
 * Holds a replay of the membership catch-up consumer just before a chosen event, so a test can push
 * while the replay is half way. Inert until armed.
 */
@TestConfiguration(proxyBeanMethods = false)
public class CatchUpPause {
  private volatile Paused armed;

  @Autowired
  void register(EventProcessingConfigurer processing) {
    processing.registerHandlerInterceptor(
        MembershipCatchUp.GROUP,
        config ->
            (unitOfWork, chain) -> {
              Paused paused = armed;
              EventMessage<?> message = unitOfWork.getMessage();
              if (paused != null
                  && message instanceof TrackedEventMessage<?> tracked
                  && ReplayToken.isReplay(tracked.trackingToken())
                  && paused.at.test(message.getPayload())) {
                paused.reached.countDown();
                if (!paused.released.await(60, TimeUnit.SECONDS)) {
                  throw new IllegalStateException("the paused replay was never released");
                }
              }
              return chain.proceed();
            });
  }

  Paused before(Predicate<Object> at) {
    Paused paused = new Paused(at);
    armed = paused;
    return paused;
  }

  final class Paused implements AutoCloseable {
    private final Predicate<Object> at;
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    private Paused(Predicate<Object> at) {
      this.at = at;
    }

    void awaitReached() throws InterruptedException {
      if (!reached.await(60, TimeUnit.SECONDS)) {
        throw new AssertionError("the replay never reached the pause");
      }
    }

    @Override
    public void close() {
      armed = null;
      released.countDown();
    }
  }
}
