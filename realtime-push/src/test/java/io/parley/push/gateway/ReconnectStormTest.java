package io.parley.push.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.push.PushEvents;
import io.parley.push.PushTest;
import io.parley.support.auth.AccessTokens;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.axonframework.eventhandling.EventBus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * A thousand sockets of a hundred users drop at once, in the middle of a stream of messages, and
 * reconnect together from four client addresses, while the gateway runs on a buffer budget smaller
 * than what the storm would hold. Every device ends with every message (resumed from its replay
 * buffer, or resynced after {@code invalid_session} or a 1013), no socket delivers an event twice,
 * and the buffers never exceed the budget.
 *
 * <p>It runs in a context of its own, with the production identify timeout (10 s).
 *
 * <p>The push service alone has no history endpoint: a device's REST resync reads the messages
 * published so far, each recorded before it is published (the history read of the whole system sees
 * every message a push could have shown, ADR 0040). A device resyncs only after its new session is
 * {@code ready}, as the browser client does, so nothing falls between the two.
 */
@PushTest
@TestPropertySource(
    properties = {
      // The production identify timeout: the tests' 1 s is made for observing timeouts, and a
      // storm on a starved two-core machine needs more than that to identify a thousand sockets.
      "parley.gateway.identify-timeout=10s",
      "parley.gateway.heartbeat-interval=5s"
    })
class ReconnectStormTest {
  private static final int USERS = 100;
  private static final int DEVICES_PER_USER = 10;
  private static final int ADDRESSES = 4;
  private static final int MESSAGES = 120;

  @LocalServerPort int port;
  @Autowired EventBus eventBus;
  @Autowired AccessTokens tokens;
  @Autowired BufferBudget budget;
  @Autowired BudgetShedder shedder;
  @Autowired GatewayHandler handler;

  @Test
  void aThousandSocketsDroppingAtOnceAllEndWithEveryMessageOnceWithinTheBudget() throws Exception {
    PushEvents events = new PushEvents(eventBus, tokens);
    List<UUID> users = new ArrayList<>();
    for (int i = 0; i < USERS; i++) {
      users.add(events.user("storm" + i));
    }
    UUID group = events.group(users.get(0), users.subList(1, USERS).toArray(UUID[]::new));
    Set<Long> published = ConcurrentHashMap.newKeySet();
    Map<Integer, AtomicInteger> closeCodes = new ConcurrentHashMap<>();
    ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, daemon());
    HttpClient http = HttpClient.newHttpClient();
    List<StormDevice> devices = new ArrayList<>();
    for (int u = 0; u < USERS; u++) {
      UUID user = users.get(u);
      for (int d = 0; d < DEVICES_PER_USER; d++) {
        devices.add(
            new StormDevice(
                http,
                timers,
                port,
                "198.51.100." + (1 + (u * DEVICES_PER_USER + d) % ADDRESSES),
                () -> events.token(user),
                () -> Set.copyOf(published),
                closeCodes));
      }
    }
    long originalBudget = budget.limitBytes();
    long shedBefore = shedder.shedSessions();
    AtomicLong peakUsed = new AtomicLong();
    AtomicBoolean sampling = new AtomicBoolean(true);
    Thread sampler =
        new Thread(
            () -> {
              while (sampling.get()) {
                peakUsed.accumulateAndGet(budget.usedBytes(), Math::max);
                try {
                  Thread.sleep(1);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    try {
      devices.forEach(StormDevice::connect);
      timers.scheduleWithFixedDelay(
          () -> devices.forEach(StormDevice::heartbeat), 1, 1, TimeUnit.SECONDS);
      awaitAll(devices, closeCodes, StormDevice::isReady, "all devices ready");

      // Room for about half of what a thousand replay buffers of this stream would hold: each
      // is charged every event's per-session prefix, and a message's shared tail (~420
      // characters) is counted once for all of them (docs/adr/0196).
      long entryBytes = 2L * SharedTail.prefixLength(MESSAGES);
      long tailBytes = 2L * 420;
      budget.resize(
          budget.usedBytes() + (devices.size() * MESSAGES * entryBytes + MESSAGES * tailBytes) / 2);
      sampler.start();
      for (int m = 1; m <= MESSAGES; m++) {
        published.add((long) m); // recorded before it is published: a resync may see it early
        events.message(group, users.get(m % USERS), "storm message " + m);
        if (m == MESSAGES / 3) {
          devices.forEach(StormDevice::drop);
        }
        Thread.sleep(10);
      }

      Set<Long> all = LongStream.rangeClosed(1, MESSAGES).boxed().collect(Collectors.toSet());
      awaitAll(devices, closeCodes, d -> d.seqs().containsAll(all), "every message everywhere");
      sampling.set(false);
      sampler.join();

      assertThat(devices).allSatisfy(d -> assertThat(d.duplicates()).isZero());
      assertThat(peakUsed.get())
          .as("buffers stay within the budget")
          .isLessThanOrEqualTo(budget.limitBytes());
      assertThat(shedder.shedSessions())
          .as("the budget was tight enough to end some sessions")
          .isGreaterThan(shedBefore);
      assertThat(devices)
          .as("shed sessions resynced")
          .anySatisfy(d -> assertThat(d.resyncs()).isPositive());
      assertThat(devices)
          .as("the others resumed from their buffers")
          .anySatisfy(d -> assertThat(d.resumes()).isPositive());
    } finally {
      sampling.set(false);
      budget.resize(originalBudget);
      devices.forEach(StormDevice::stop);
      timers.shutdownNow();
      // Leaves no socket for the server to close at shutdown.
      Awaiting.until(() -> handler.openSockets() == 0, Duration.ofSeconds(60));
    }
  }

  /** Generous: on a starved machine a thousand handshakes and identifies take a while. */
  private static void awaitAll(
      List<StormDevice> devices,
      Map<Integer, AtomicInteger> closeCodes,
      java.util.function.Predicate<StormDevice> done,
      String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (!devices.stream().allMatch(done)) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(
            what
                + ": "
                + devices.stream().filter(done.negate()).count()
                + " devices not yet; close codes so far "
                + closeCodes);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return runnable -> {
      Thread thread = new Thread(runnable, "storm-timers");
      thread.setDaemon(true);
      return thread;
    };
  }
}
