package io.parley.push.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * The push gateway's meters (docs/metrics.md): send-to-socket latency, deliveries, open sockets and
 * sessions, dropped frames, slow-socket closes, replay-buffer evictions, resumes and resyncs. No
 * tag names a user, session or conversation.
 */
final class GatewayMetrics {
  /** A frame that is no event (ready, resumed, pong…): neither a delivery nor timed. */
  static final long CONTROL = -1;

  /** An event whose send time is unknown (or not a send): a delivery, not timed. */
  static final long UNTIMED = 0;

  private final MeterRegistry registry;
  private final Timer latency;
  private final Counter deliveries;
  private final Counter drops;
  private final Counter slowCloses;
  private final Counter evictions;
  private final Counter resumed;
  private final Counter resynced;

  GatewayMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.latency =
        Timer.builder("parley.push.latency")
            .description("From a message's send (its createdAt) to its frame written to a socket")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry);
    this.deliveries =
        Counter.builder("parley.push.deliveries")
            .description("Event frames written to sockets")
            .register(registry);
    this.drops =
        Counter.builder("parley.push.outbox.drops")
            .description("Droppable frames (typing, presence) a socket's queue or budget shed")
            .register(registry);
    this.slowCloses =
        Counter.builder("parley.push.slow.closes")
            .description("Sockets closed for falling behind their send queue (1012)")
            .register(registry);
    this.evictions =
        Counter.builder("parley.push.replay.evictions")
            .description("Frames evicted from sessions' replay buffers to stay within bounds")
            .register(registry);
    this.resumed = resumes(registry, "resumed");
    this.resynced = resumes(registry, "resync");
  }

  /** For tests and a process without a registry: counts into a private registry. */
  static GatewayMetrics unregistered() {
    return new GatewayMetrics(new SimpleMeterRegistry());
  }

  private static Counter resumes(MeterRegistry registry, String outcome) {
    return Counter.builder("parley.push.resumes")
        .description("Resume attempts: replayed from the buffer, or told to resync by REST")
        .tag("outcome", outcome)
        .register(registry);
  }

  /** Gauges of the live state, read on each scrape. */
  void watch(IntSupplier openSockets, Sessions sessions) {
    Gauge.builder("parley.push.sockets", openSockets, IntSupplier::getAsInt)
        .description("WebSocket connections open on this process, identified or not")
        .strongReference(true)
        .register(registry);
    Gauge.builder("parley.push.sessions", sessions, s -> s.count(true))
        .description("Device sessions of the gateway, by whether a socket is attached")
        .tag("state", "attached")
        .register(registry);
    Gauge.builder("parley.push.sessions", sessions, s -> s.count(false))
        .description("Device sessions of the gateway, by whether a socket is attached")
        .tag("state", "detached")
        .register(registry);
  }

  /** A frame was written; {@code sentAtMillis} is {@link #CONTROL}, {@link #UNTIMED} or a time. */
  void written(long sentAtMillis) {
    if (sentAtMillis == CONTROL) {
      return;
    }
    deliveries.increment();
    if (sentAtMillis != UNTIMED) {
      long elapsed = Math.max(0, System.currentTimeMillis() - sentAtMillis);
      latency.record(Duration.ofMillis(elapsed));
    }
  }

  void dropped() {
    drops.increment();
  }

  void slowClose() {
    slowCloses.increment();
  }

  void evicted() {
    evictions.increment();
  }

  void resumed(boolean replayed) {
    (replayed ? resumed : resynced).increment();
  }
}
