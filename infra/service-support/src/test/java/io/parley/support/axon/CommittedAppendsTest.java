package io.parley.support.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.junit.jupiter.api.Test;

/**
 * Committed appends are handed out only where a read of the log could have returned nothing else:
 * after a token without gaps, and only as far as the indexes follow each other. Readers that take
 * commits look without dropping anything; the producer's pass drops what it has passed.
 */
class CommittedAppendsTest {
  private final CommittedAppends committed = new CommittedAppends(8);

  /** The event committed at {@code index}, as {@link ParleyEventStorageEngine} notes it. */
  private static TrackedEventMessage<?> event(long index) {
    return new GenericTrackedEventMessage<>(
        GapAwareTrackingToken.newInstance(index, Collections.emptySortedSet()),
        GenericEventMessage.asEventMessage("e" + index));
  }

  private static GapAwareTrackingToken token(long index, Long... gaps) {
    return GapAwareTrackingToken.newInstance(index, new TreeSet<>(Set.of(gaps)));
  }

  private static List<Long> indexes(List<TrackedEventMessage<?>> run) {
    return run.stream().map(e -> ((GapAwareTrackingToken) e.trackingToken()).getIndex()).toList();
  }

  private void committed(long... indexes) {
    for (long index : indexes) {
      committed.committed(index, event(index));
    }
  }

  @Test
  void eventsThatFollowATokenWithoutGapsAreHandedOutAsNoted() {
    committed(11, 12);

    List<TrackedEventMessage<?>> run = committed.after(token(10), 100);

    assertThat(indexes(run)).containsExactly(11L, 12L);
    assertThat(run.get(1).trackingToken()).isEqualTo(token(12));
    assertThat(run.get(1).getPayload()).isEqualTo("e12");
  }

  @Test
  void nothingIsHandedOutPastAnIndexThatIsNotHere() {
    committed(11, 13);

    assertThat(indexes(committed.after(token(10), 100))).containsExactly(11L);
    assertThat(committed.after(token(11), 100)).as("12 may be another writer's").isEmpty();
  }

  @Test
  void aTokenWithGapsReadsTheLog() {
    committed(11);

    assertThat(committed.after(token(10, 7L), 100)).isEmpty();
    assertThat(committed.after(null, 100)).isEmpty();
  }

  @Test
  void aLookDropsNothingAndABatchIsNoLongerThanAsked() {
    committed(11, 12, 13, 14, 15);

    assertThat(indexes(committed.after(token(12), 2))).containsExactly(13L, 14L);
    assertThat(committed.size()).as("a reader ahead of the producer drops nothing").isEqualTo(5);
    assertThat(indexes(committed.after(token(10), 2))).containsExactly(11L, 12L);
  }

  @Test
  void whatTheProducerHasPassedIsDropped() {
    committed(11, 12, 13, 14, 15);

    committed.passed(token(12));

    assertThat(committed.size()).isEqualTo(3);
    assertThat(committed.after(token(10), 100)).isEmpty();
    assertThat(indexes(committed.after(token(12), 100))).containsExactly(13L, 14L, 15L);
  }

  @Test
  void theOldestAreDroppedBeyondTheCapacity() {
    for (long index = 1; index <= 10; index++) {
      committed(index);
    }

    assertThat(committed.size()).isEqualTo(8);
    assertThat(committed.after(token(0), 100)).as("1 and 2 are gone").isEmpty();
    assertThat(indexes(committed.after(token(2), 100))).hasSize(8);
  }
}
