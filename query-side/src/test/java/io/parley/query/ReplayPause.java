package io.parley.query;

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
 * Holds a replaying processor just before it handles a chosen event, so a test can look at what the
 * read endpoints serve in the middle of a replay; or a live one, to look at a read model that lags.
 * Inert until armed.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ReplayPause {
  public static final String[] GROUPS = {"conversation-directory", "inbox", "user-directory"};

  private volatile Paused armed;

  @Autowired
  void register(EventProcessingConfigurer processing) {
    for (String group : GROUPS) {
      processing.registerHandlerInterceptor(
          group,
          config ->
              (unitOfWork, chain) -> {
                Paused paused = armed;
                EventMessage<?> message = unitOfWork.getMessage();
                if (paused != null
                    && paused.group.equals(group)
                    && message instanceof TrackedEventMessage<?> tracked
                    && (paused.live || ReplayToken.isReplay(tracked.trackingToken()))
                    && paused.at.test(message.getPayload())) {
                  paused.reached.countDown();
                  if (!paused.released.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the paused replay was never released");
                  }
                }
                return chain.proceed();
              });
    }
  }

  /** Holds {@code group}'s replay before the first replayed event {@code at} accepts. */
  public Paused before(String group, Predicate<Object> at) {
    Paused paused = new Paused(group, at, false);
    armed = paused;
    return paused;
  }

  /** Holds {@code group} before the first event {@code at} accepts, replayed or live. */
  public Paused beforeAny(String group, Predicate<Object> at) {
    Paused paused = new Paused(group, at, true);
    armed = paused;
    return paused;
  }

  public final class Paused implements AutoCloseable {
    private final String group;
    private final Predicate<Object> at;
    private final boolean live;
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    private Paused(String group, Predicate<Object> at, boolean live) {
      this.group = group;
      this.at = at;
      this.live = live;
    }

    public void awaitReached() throws InterruptedException {
      if (!reached.await(60, TimeUnit.SECONDS)) {
        throw new AssertionError("the replay of " + group + " never reached the pause");
      }
    }

    /** Lets the replay go on; later events no longer pause. */
    @Override
    public void close() {
      armed = null;
      released.countDown();
    }
  }
}
