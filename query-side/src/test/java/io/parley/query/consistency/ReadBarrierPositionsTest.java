package io.parley.query.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeSet;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.junit.jupiter.api.Test;

/** When a committed position shows an event as handled, for the read barrier. */
class ReadBarrierPositionsTest {
  @Test
  void aPositionAtOrPastTheEventHasHandledIt() {
    assertThat(ReadBarrier.handled(GapAwareTrackingToken.newInstance(10, List.of()), 10)).isTrue();
    assertThat(ReadBarrier.handled(GapAwareTrackingToken.newInstance(12, List.of()), 10)).isTrue();
    assertThat(ReadBarrier.handled(GapAwareTrackingToken.newInstance(9, List.of()), 10)).isFalse();
    assertThat(ReadBarrier.handled(new GlobalSequenceTrackingToken(10), 10)).isTrue();
  }

  @Test
  void anEventStillInTheGapsOfThePositionIsNotHandled() {
    GapAwareTrackingToken token =
        GapAwareTrackingToken.newInstance(12, new TreeSet<>(List.of(10L)));

    assertThat(ReadBarrier.handled(token, 10)).isFalse();
    assertThat(ReadBarrier.handled(token, 11)).isTrue();
  }

  @Test
  void noPositionYetHasHandledNothing() {
    assertThat(ReadBarrier.handled(null, 1)).isFalse();
  }

  @Test
  void aRebuildingProjectionDoesNotHoldReads() {
    ReplayToken replay =
        (ReplayToken)
            ReplayToken.createReplayToken(
                GapAwareTrackingToken.newInstance(100, List.of()),
                GapAwareTrackingToken.newInstance(5, List.of()));

    assertThat(ReadBarrier.handled(replay, 50)).isTrue();
  }
}
