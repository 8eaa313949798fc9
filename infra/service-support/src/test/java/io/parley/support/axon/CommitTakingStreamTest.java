package io.parley.support.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;

/**
 * A stream that takes committed sends from memory hands each event out once, in the log's order,
 * whatever order its copies come in from the store's own stream, gaps and their late events
 * included.
 */
class CommitTakingStreamTest {
  private final CommittedAppends memory = new CommittedAppends(100);

  /** The store's own stream: what a test puts in, in that order. */
  private final ArrayDeque<TrackedEventMessage<?>> store = new ArrayDeque<>();

  private final CommitTakingStream stream =
      new CommitTakingStream(new DequeStream(store), token(10), memory::after);

  private static GapAwareTrackingToken token(long index, Long... gaps) {
    return GapAwareTrackingToken.newInstance(index, new TreeSet<>(Set.of(gaps)));
  }

  /** Event {@code id} as a read gives it, with {@code token}. */
  private static TrackedEventMessage<?> event(String id, GapAwareTrackingToken token) {
    return new GenericTrackedEventMessage<>(
        token,
        new GenericEventMessage<>(
            new GenericMessage<>(id, id, MetaData.emptyInstance()), java.time.Instant::now));
  }

  /** Event {@code id} committed at {@code index}, as the engine notes it. */
  private void committed(String id, long index) {
    memory.committed(
        index, event(id, GapAwareTrackingToken.newInstance(index, Collections.emptySortedSet())));
  }

  private List<String> drain() throws InterruptedException {
    List<String> ids = new ArrayList<>();
    while (stream.hasNextAvailable()) {
      assertThat(stream.peek()).isPresent();
      ids.add(stream.nextAvailable().getIdentifier());
    }
    return ids;
  }

  @Test
  void aCommittedSendIsTakenFromMemoryAndTheStoresCopyIsSkipped() throws Exception {
    committed("a", 11);
    committed("b", 12);

    assertThat(drain()).containsExactly("a", "b");

    store.add(event("a", token(11)));
    store.add(event("b", token(12)));
    store.add(event("c", token(13)));
    assertThat(drain()).containsExactly("c");
  }

  @Test
  void theStoresEventsGoFirstAndMemoryIsTakenOnlyAfterThem() throws Exception {
    store.add(event("a", token(11)));
    committed("a", 11);
    committed("b", 12);

    assertThat(drain()).containsExactly("a", "b");
    store.add(event("b", token(12)));
    assertThat(drain()).isEmpty();
  }

  /**
   * The race that the identifiers settle: the producer read 12 while 11 was not yet visible to it,
   * and the reader had already taken 11 from memory. 11's copy then comes as a gap's late event,
   * its token at 12, above 11.
   */
  @Test
  void aCopyThatFillsAGapIsSkippedThoughItsTokenIsAboveWhatWasTaken() throws Exception {
    committed("x", 11);
    assertThat(drain()).containsExactly("x");

    store.add(event("y", token(12, 11L)));
    store.add(event("x", token(12)));

    assertThat(drain()).containsExactly("y");
  }

  @Test
  void afterATokenWithAGapNothingIsTakenFromMemory() throws Exception {
    store.add(event("y", token(12, 11L)));
    committed("z", 13);

    assertThat(drain()).as("the last token has a gap: the log decides").containsExactly("y");
    store.add(event("x", token(12)));
    assertThat(drain()).containsExactly("x", "z");
  }

  @Test
  void aBlockingCallGetsWhatCommitsWhileItWaits() throws Exception {
    Thread committer =
        new Thread(
            () -> {
              try {
                Thread.sleep(50);
              } catch (InterruptedException e) {
                return;
              }
              committed("a", 11);
            });
    committer.start();

    assertThat(stream.hasNextAvailable(10, TimeUnit.SECONDS)).isTrue();
    assertThat(stream.nextAvailable().getIdentifier()).isEqualTo("a");
    committer.join();
    assertThat(stream.hasNextAvailable(20, TimeUnit.MILLISECONDS)).isFalse();
  }
}
