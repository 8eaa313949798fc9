package io.parley.push.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** What the gateway counts as it writes, drops and evicts frames (docs/metrics.md). */
class GatewayMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final GatewayMetrics metrics = new GatewayMetrics(registry);
  private final BufferBudget budget = new BufferBudget(DataSize.ofMegabytes(1));

  /** A socket whose writes complete only when the test says so. */
  private final Deque<SendHandler> inFlight = new ArrayDeque<>();

  private final RemoteEndpoint.Async remote =
      (RemoteEndpoint.Async)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {RemoteEndpoint.Async.class},
              (proxy, method, args) -> {
                if (method.getName().equals("sendText") && args.length == 2) {
                  inFlight.add((SendHandler) args[1]);
                }
                return null;
              });

  private void completeWrites() {
    while (!inFlight.isEmpty()) {
      inFlight.poll().onResult(new SendResult());
    }
  }

  private double count(String name) {
    return registry.get(name).counter().count();
  }

  @Test
  void aWrittenMessageIsOneDeliveryTimedFromItsSendWhileControlFramesAreNeither() {
    Outbox outbox = new Outbox(remote, 10_000, budget, metrics, slow -> {});
    outbox.offer("{\"op\":\"ready\"}", false, GatewayMetrics.CONTROL);
    completeWrites();
    outbox.offer("{\"op\":\"event\"}", false, System.currentTimeMillis() - 250);
    outbox.offer("{\"op\":\"event\"}", true, GatewayMetrics.UNTIMED);
    assertThat(count("parley.push.deliveries")).as("not before the write completes").isZero();
    completeWrites();
    completeWrites();

    assertThat(count("parley.push.deliveries")).isEqualTo(2);
    var latency = registry.get("parley.push.latency").timer();
    assertThat(latency.count()).isEqualTo(1);
    assertThat(latency.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS))
        .isBetween(250.0, 60_000.0);
  }

  @Test
  void droppableFramesAQueueCannotTakeAreCountedAsDropsAndAnOverflowAsASlowClose() {
    boolean[] slow = {false};
    Outbox outbox = new Outbox(remote, 30, budget, metrics, wasSlow -> slow[0] = wasSlow);
    outbox.offer("x".repeat(10), false, GatewayMetrics.UNTIMED); // in flight
    outbox.offer("t".repeat(20), true, GatewayMetrics.UNTIMED); // queued, droppable
    outbox.offer("u".repeat(20), true, GatewayMetrics.UNTIMED); // does not fit: dropped
    assertThat(count("parley.push.outbox.drops")).isEqualTo(2); // the queued one went first
    outbox.offer("m".repeat(31), false, GatewayMetrics.UNTIMED); // a message that cannot fit
    assertThat(slow[0]).isTrue();
  }

  @Test
  void framesEvictedFromAReplayBufferAreCounted() {
    ReplayBuffer replay = new ReplayBuffer(2, 1_000, budget, metrics::evicted);
    for (long id = 1; id <= 5; id++) {
      replay.add(id, new SharedTail("frame" + id));
    }
    assertThat(count("parley.push.replay.evictions")).isEqualTo(3);
  }

  @Test
  void resumesAndResyncsAreCountedApart() {
    metrics.resumed(true);
    metrics.resumed(false);
    metrics.resumed(false);
    assertThat(registry.get("parley.push.resumes").tag("outcome", "resumed").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("parley.push.resumes").tag("outcome", "resync").counter().count())
        .isEqualTo(2);
  }
}
