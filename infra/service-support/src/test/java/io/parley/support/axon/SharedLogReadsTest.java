package io.parley.support.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.junit.jupiter.api.Test;

/** The batches shared between readers, how far a reader may lead the slowest, and the head. */
class SharedLogReadsTest {
  private static final int BATCH = 10;

  /** A log of events 0, 1, 2, …: a read after position p answers p+1 … p+BATCH. */
  private final AtomicInteger storeReads = new AtomicInteger();

  private final Function<TrackingToken, List<TrackedEventMessage<?>>> store =
      after -> {
        storeReads.incrementAndGet();
        long from = after == null ? 0 : after.position().getAsLong() + 1;
        List<TrackedEventMessage<?>> events = new ArrayList<>();
        for (long i = from; i < from + BATCH; i++) {
          events.add(
              new GenericTrackedEventMessage<>(
                  new GlobalSequenceTrackingToken(i), GenericEventMessage.asEventMessage(i)));
        }
        return events;
      };

  private static TrackingToken at(long position) {
    return new GlobalSequenceTrackingToken(position);
  }

  private static SharedLogReads reads(int capacity, long lead, long maxWaitMillis) {
    return new SharedLogReads(capacity, lead, 2000, maxWaitMillis, System::nanoTime);
  }

  /** The reader's next batch, read on another thread, within 10 s. */
  private List<TrackedEventMessage<?>> nextOnAnotherThread(
      SharedLogReads.Reader reader, TrackingToken after) throws Exception {
    return CompletableFuture.supplyAsync(() -> reader.next(after, store)).get(10, TimeUnit.SECONDS);
  }

  @Test
  void readersAfterTheSameTokenShareOneReadAndTheSameMessages() {
    SharedLogReads reads = reads(4, 100, 1000);
    var a = reads.reader(null);
    var b = reads.reader(null);

    List<TrackedEventMessage<?>> first = a.next(null, store);
    List<TrackedEventMessage<?>> second = b.next(null, store);
    List<TrackedEventMessage<?>> next = b.next(at(9), store);

    assertThat(second).isSameAs(first);
    assertThat(first.get(0).getPayload()).isEqualTo(0L);
    assertThat(next.get(0).getPayload()).isEqualTo(10L);
    assertThat(storeReads).hasValue(2);
    assertThat(reads.counts()).containsExactly(2, 1);
  }

  @Test
  void anEmptyAnswerIsNotKeptSoTheNextReaderLooksAgain() {
    SharedLogReads reads = reads(4, 100, 1000);
    AtomicInteger asked = new AtomicInteger();
    Function<TrackingToken, List<TrackedEventMessage<?>>> nothingYet =
        after -> asked.incrementAndGet() == 1 ? List.of() : store.apply(after);

    assertThat(reads.reader(at(5)).next(at(5), nothingYet)).isEmpty();
    assertThat(reads.reader(at(5)).next(at(5), nothingYet)).hasSize(BATCH);
    assertThat(asked).hasValue(2);
  }

  @Test
  void aFailedReadFailsItsReaderAndIsTriedAgainByTheNext() {
    SharedLogReads reads = reads(4, 100, 1000);
    Function<TrackingToken, List<TrackedEventMessage<?>>> broken =
        after -> {
          throw new IllegalStateException("connection lost");
        };

    assertThatThrownBy(() -> reads.reader(null).next(null, broken))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("connection lost");
    assertThat(reads.reader(null).next(null, store)).hasSize(BATCH);
    assertThat(reads.kept()).isEqualTo(1);
  }

  @Test
  void onlyTheNewestBatchesAreKeptAndTheLastReaderToCloseDropsThem() {
    SharedLogReads reads = reads(2, 100, 1000);
    var a = reads.reader(null);
    var b = reads.reader(null);
    a.next(null, store);
    a.next(at(9), store);
    a.next(at(19), store);
    assertThat(reads.kept()).isEqualTo(2);

    b.next(null, store);
    assertThat(storeReads).as("the eldest batch was dropped, so it is read again").hasValue(4);

    a.close();
    assertThat(reads.kept()).isEqualTo(2);
    b.close();
    assertThat(reads.kept()).isZero();
  }

  @Test
  void aReaderFarAheadOfAnActiveOneWaitsForItBeforeReadingAnythingNew() throws Exception {
    SharedLogReads reads = reads(16, 20, 30_000);
    var slow = reads.reader(null);
    var fast = reads.reader(at(35));
    slow.next(null, store);

    CompletableFuture<List<TrackedEventMessage<?>>> ahead =
        CompletableFuture.supplyAsync(() -> fast.next(at(35), store));
    Thread.sleep(300);
    assertThat(ahead).as("26 events ahead, the lead is 20").isNotDone();
    assertThat(storeReads).hasValue(1);

    slow.next(at(9), store);
    assertThat(ahead.get(10, TimeUnit.SECONDS).get(0).getPayload()).isEqualTo(36L);
  }

  @Test
  void aBatchAnotherReaderAlreadyReadIsTakenWithoutWaiting() throws Exception {
    SharedLogReads reads = reads(16, 20, 30_000);
    var leader = reads.reader(at(35));
    leader.next(at(35), store);
    var slow = reads.reader(null);
    slow.next(null, store);
    var follower = reads.reader(at(35));

    assertThat(nextOnAnotherThread(follower, at(35)))
        .as("26 events ahead of the slow reader, but the batch is kept")
        .hasSize(BATCH);
    assertThat(storeReads).hasValue(2);
  }

  @Test
  void noReaderIsHeldByOneFarBehindOrByOneThatStoppedReading() throws Exception {
    SharedLogReads reads = new SharedLogReads(16, 20, 200, 30_000, System::nanoTime);
    var replaying = reads.reader(null);
    replaying.next(null, store);
    var nearTheHead = reads.reader(at(1_000));
    assertThat(nextOnAnotherThread(nearTheHead, at(1_000)))
        .as("more than twice the lead ahead: not held")
        .hasSize(BATCH);

    var close = reads.reader(at(35));
    long start = System.nanoTime();
    assertThat(nextOnAnotherThread(close, at(35))).hasSize(BATCH);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
        .as("held only until the slow reader counted as idle (200 ms), not for the 30 s bound")
        .isLessThan(5_000);
  }

  @Test
  void aHeldReaderReadsAnywayWhenItsWaitIsOver() throws Exception {
    SharedLogReads reads = reads(16, 20, 200);
    var slow = reads.reader(null);
    var fast = reads.reader(at(35));
    slow.next(null, store);

    long start = System.nanoTime();
    assertThat(nextOnAnotherThread(fast, at(35))).hasSize(BATCH);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(190);
  }

  /** A store that has nothing after any token until {@code arrived} is set. */
  private Function<TrackingToken, List<TrackedEventMessage<?>>> headUntil(AtomicBoolean arrived) {
    return after -> arrived.get() ? store.apply(after) : List.of();
  }

  @Test
  void aReaderAtTheHeadIsNotHeldForTheSlowest() throws Exception {
    SharedLogReads reads = new SharedLogReads(16, 20, 60_000, 30_000, System::nanoTime);
    var slow = reads.reader(null);
    slow.next(null, store);
    var head = reads.reader(at(35));
    var arrived = new AtomicBoolean();
    assertThat(head.next(at(35), headUntil(arrived))).as("nothing after the head yet").isEmpty();

    arrived.set(true);
    assertThat(nextOnAnotherThread(head, at(35)))
        .as("26 events ahead of an active reader, the lead is 20, but it was at the head")
        .hasSize(BATCH);
  }

  @Test
  void aReaderAtTheHeadReadsABatchItselfRatherThanWaitForAnotherReadOfIt() throws Exception {
    SharedLogReads reads = reads(16, 100, 1000);
    var head = reads.reader(at(35));
    var arrived = new AtomicBoolean();
    assertThat(head.next(at(35), headUntil(arrived))).isEmpty();
    arrived.set(true);

    CountDownLatch release = new CountDownLatch(1);
    var other = reads.reader(at(35));
    CompletableFuture<List<TrackedEventMessage<?>>> slowRead =
        CompletableFuture.supplyAsync(
            () ->
                other.next(
                    at(35),
                    after -> {
                      try {
                        release.await();
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      return store.apply(after);
                    }));
    while (reads.kept() == 0) {
      Thread.onSpinWait(); // the other read is in flight
    }

    assertThat(nextOnAnotherThread(head, at(35)).get(0).getPayload()).isEqualTo(36L);
    release.countDown();
    assertThat(slowRead.get(10, TimeUnit.SECONDS)).hasSize(BATCH);
    assertThat(reads.counts())
        .as("two reads of the store after the empty one")
        .containsExactly(3, 0);
  }
}
