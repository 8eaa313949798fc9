package io.parley.push.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.junit.jupiter.api.Test;

/** How resume points name, compare and store log positions (docs/adr/0175). */
class LogPositionsTest {
  @Test
  void positionsSurviveTheirTextForm() {
    GapAwareTrackingToken gaps = GapAwareTrackingToken.newInstance(42, List.of(7L, 40L));
    assertThat(LogPositions.read(LogPositions.write(gaps))).isEqualTo(gaps);
    GapAwareTrackingToken none = GapAwareTrackingToken.newInstance(3, List.of());
    assertThat(LogPositions.read(LogPositions.write(none))).isEqualTo(none);
    GlobalSequenceTrackingToken sequence = new GlobalSequenceTrackingToken(9);
    assertThat(LogPositions.read(LogPositions.write(sequence))).isEqualTo(sequence);
    assertThat(LogPositions.read("g:x:")).isNull();
    assertThat(LogPositions.read("nonsense")).isNull();
  }

  @Test
  void theIndexOfAnEventIsTheNewHighestOrTheGapItFilled() {
    GapAwareTrackingToken before = GapAwareTrackingToken.newInstance(10, List.of(8L));
    assertThat(LogPositions.indexOf(before, before.advanceTo(12, 10_000))).isEqualTo(12);
    assertThat(LogPositions.indexOf(before, before.advanceTo(8, 10_000))).isEqualTo(8);
    assertThat(
            LogPositions.indexOf(
                new GlobalSequenceTrackingToken(4), new GlobalSequenceTrackingToken(5)))
        .isEqualTo(5);
  }

  @Test
  void aPositionCoversWhatItHasSeenAndNotItsGaps() {
    GapAwareTrackingToken position = GapAwareTrackingToken.newInstance(10, List.of(8L));
    assertThat(LogPositions.covers(position, 7)).isTrue();
    assertThat(LogPositions.covers(position, 8)).isFalse();
    assertThat(LogPositions.covers(position, 10)).isTrue();
    assertThat(LogPositions.covers(position, 11)).isFalse();
  }

  @Test
  void aCutCoversAnEarlierPositionOnlyWhenItHasSeenEverythingThatOneHas() {
    GapAwareTrackingToken earlier = GapAwareTrackingToken.newInstance(10, List.of(8L));
    assertThat(LogPositions.coversAll(GapAwareTrackingToken.newInstance(12, List.of(8L)), earlier))
        .isTrue();
    assertThat(LogPositions.coversAll(GapAwareTrackingToken.newInstance(12, List.of()), earlier))
        .isTrue();
    assertThat(LogPositions.coversAll(GapAwareTrackingToken.newInstance(12, List.of(9L)), earlier))
        .as("9 was seen by the earlier position, not by this one")
        .isFalse();
    assertThat(LogPositions.coversAll(GapAwareTrackingToken.newInstance(9, List.of()), earlier))
        .isFalse();
    assertThat(
            LogPositions.coversAll(
                new GlobalSequenceTrackingToken(5), new GlobalSequenceTrackingToken(6)))
        .isFalse();
  }
}
