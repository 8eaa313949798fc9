package io.parley.support.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.junit.jupiter.api.Test;

/** When a paced stream shows its events, on a clock of its own (docs/adr/0226). */
class PacedMessageSourceTest {
  private static final long MS = 1_000_000L;

  private final AtomicLong now = new AtomicLong(1_000 * MS);
  private final List<Long> slept = new ArrayList<>();
  private final List<Long> timers = new ArrayList<>();
  private final List<Runnable> timerCallbacks = new ArrayList<>();
  private final Deque<TrackedEventMessage<?>> log = new ArrayDeque<>();
  private long appended;

  private final PacedMessageSource source =
      new PacedMessageSource(
          new LogSource(),
          Duration.ofMillis(100),
          10,
          now::get,
          (monitor, millis, done) -> {
            if (!done.getAsBoolean()) {
              slept.add(millis);
              now.addAndGet(millis * MS);
            }
          },
          (nanos, callback) -> {
            timers.add(nanos / MS);
            timerCallbacks.add(callback);
          });
  private final BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null);

  @Test
  void aTrackingReaderGetsTheFirstEventAtOnceAndTheNextBatchOnlyAfterTheInterval()
      throws Exception {
    append(1);
    assertThat(stream.hasNextAvailable(1, TimeUnit.SECONDS)).isTrue();
    assertThat(slept).isEmpty();
    stream.nextAvailable();
    assertThat(stream.hasNextAvailable()).isFalse(); // caught up

    now.addAndGet(30 * MS);
    append(1);
    assertThat(stream.hasNextAvailable(1, TimeUnit.SECONDS)).isTrue();
    assertThat(slept).containsExactly(70L); // the rest of the interval, then one batch
  }

  @Test
  void aTrackingReaderThatWasIdleForTheIntervalWaitsNot() throws Exception {
    append(1);
    stream.hasNextAvailable(1, TimeUnit.SECONDS);
    stream.nextAvailable();

    now.addAndGet(150 * MS);
    append(1);
    assertThat(stream.hasNextAvailable(1, TimeUnit.SECONDS)).isTrue();
    assertThat(slept).isEmpty();
  }

  @Test
  void aTrackingReaderThatTookAFullBatchReadsOnAtOnce() throws Exception {
    append(25);
    assertThat(stream.hasNextAvailable(1, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 10; i++) {
      stream.nextAvailable();
    }
    assertThat(stream.hasNextAvailable(1, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 10; i++) {
      stream.nextAvailable();
    }
    assertThat(stream.hasNextAvailable(1, TimeUnit.SECONDS)).isTrue();
    assertThat(slept).isEmpty(); // a replay or a catch-up is not slowed
  }

  @Test
  void aPooledReaderReadsARoundToTheEndAndSeesTheNextEventWhenItsCallbackRunsAgain()
      throws Exception {
    List<String> called = new ArrayList<>();
    stream.setOnAvailableCallback(() -> called.add("available"));
    append(3);
    for (int i = 0; i < 3; i++) {
      assertThat(stream.hasNextAvailable()).isTrue();
      stream.nextAvailable();
    }
    assertThat(stream.hasNextAvailable()).isFalse();

    now.addAndGet(20 * MS);
    append(1);
    assertThat(stream.hasNextAvailable()).isFalse(); // held for the rest of the interval
    assertThat(stream.hasNextAvailable()).isFalse();
    assertThat(timers).containsExactly(80L); // one callback, however often it looks meanwhile

    now.addAndGet(80 * MS);
    timerCallbacks.get(0).run();
    assertThat(called).containsExactly("available");
    assertThat(stream.hasNextAvailable()).isTrue();
    stream.nextAvailable();
    assertThat(stream.hasNextAvailable()).isFalse();
  }

  @Test
  void aPooledReaderThatWasIdleForTheIntervalSeesTheEventAtOnce() throws Exception {
    stream.setOnAvailableCallback(() -> {});
    append(1);
    assertThat(stream.hasNextAvailable()).isTrue();
    stream.nextAvailable();
    assertThat(stream.hasNextAvailable()).isFalse();

    now.addAndGet(100 * MS);
    append(1);
    assertThat(stream.hasNextAvailable()).isTrue();
    assertThat(timers).isEmpty();
  }

  @Test
  void aTrackingReaderHurriedByAWaitingReadStartsItsBatchAtOnce() throws Exception {
    append(1);
    stream.hasNextAvailable(1, TimeUnit.SECONDS);
    stream.nextAvailable();
    stream.hasNextAvailable();

    now.addAndGet(30 * MS);
    append(1);
    source.hurry();
    assertThat(stream.hasNextAvailable(1, TimeUnit.SECONDS)).isTrue();
    assertThat(slept).isEmpty();

    stream.nextAvailable();
    stream.hasNextAvailable();
    append(1);
    assertThat(stream.hasNextAvailable(1, TimeUnit.SECONDS)).isTrue();
    assertThat(slept).containsExactly(100L); // a hurry ends one pause, not the pacing
  }

  @Test
  void aPooledReaderHeldBackIsCalledBackAndReadsOnWhenHurried() throws Exception {
    List<String> called = new ArrayList<>();
    stream.setOnAvailableCallback(() -> called.add("available"));
    append(1);
    stream.hasNextAvailable();
    stream.nextAvailable();
    stream.hasNextAvailable();

    now.addAndGet(20 * MS);
    append(1);
    assertThat(stream.hasNextAvailable()).isFalse();
    source.hurry();
    assertThat(called).containsExactly("available");
    assertThat(stream.hasNextAvailable()).isTrue();
  }

  private void append(int events) {
    for (int i = 0; i < events; i++) {
      appended++;
      log.add(
          new GenericTrackedEventMessage<>(
              new GlobalSequenceTrackingToken(appended),
              GenericEventMessage.asEventMessage("event " + appended)));
    }
  }

  /** The log as a stream: what was appended, in order; never blocks. */
  private final class LogSource implements StreamableMessageSource<TrackedEventMessage<?>> {
    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
      return new DequeStream(log);
    }
  }
}
