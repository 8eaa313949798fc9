package io.parley.support.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.TrackedEventData;
import org.junit.jupiter.api.Test;

/**
 * The producer takes committed appends from memory only where a read of the log could have returned
 * nothing else: after a token without gaps, and only as far as the indexes follow each other.
 */
class CommittedAppendsTest {
  private final CommittedAppends committed = new CommittedAppends(8);

  private static DomainEventData<byte[]> event(long seq) {
    return new GenericDomainEventEntry<>(
        "Thing", "a", seq, "e" + seq, "2026-12-07T00:00:00Z", "P", null, new byte[0], new byte[0]);
  }

  private static GapAwareTrackingToken token(long index, Long... gaps) {
    return GapAwareTrackingToken.newInstance(index, new TreeSet<>(Set.of(gaps)));
  }

  private static List<Long> indexes(List<TrackedEventData<?>> run) {
    return run.stream().map(e -> ((GapAwareTrackingToken) e.trackingToken()).getIndex()).toList();
  }

  @Test
  void eventsThatFollowATokenWithoutGapsAreHandedOutWithTheTokensAReadGives() {
    committed.committed(11, event(0));
    committed.committed(12, event(1));

    List<TrackedEventData<?>> run = committed.after(token(10), 100);

    assertThat(indexes(run)).containsExactly(11L, 12L);
    assertThat(run.get(1).trackingToken()).isEqualTo(token(12));
    assertThat(run.get(1).getEventIdentifier()).isEqualTo("e1");
  }

  @Test
  void nothingIsHandedOutPastAnIndexThatIsNotHere() {
    committed.committed(11, event(0));
    committed.committed(13, event(1));

    assertThat(indexes(committed.after(token(10), 100))).containsExactly(11L);
    assertThat(committed.after(token(11), 100)).as("12 may be another writer's").isEmpty();
  }

  @Test
  void aTokenWithGapsReadsTheLog() {
    committed.committed(11, event(0));

    assertThat(committed.after(token(10, 7L), 100)).isEmpty();
    assertThat(committed.after(null, 100)).isEmpty();
  }

  @Test
  void whatATokenHasPassedIsDroppedAndABatchIsNoLongerThanAsked() {
    for (long index = 11; index <= 15; index++) {
      committed.committed(index, event(index));
    }

    assertThat(indexes(committed.after(token(12), 2))).containsExactly(13L, 14L);
    assertThat(committed.size()).isEqualTo(3);
  }

  @Test
  void theOldestAreDroppedBeyondTheCapacity() {
    for (long index = 1; index <= 10; index++) {
      committed.committed(index, event(index));
    }

    assertThat(committed.size()).isEqualTo(8);
    assertThat(committed.after(token(0), 100)).as("1 and 2 are gone").isEmpty();
    assertThat(indexes(committed.after(token(2), 100))).hasSize(8);
  }
}
