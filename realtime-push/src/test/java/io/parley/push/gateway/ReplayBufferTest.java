package io.parley.push.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** What a session keeps for resume, and what the process's budget is charged for it. */
class ReplayBufferTest {
  private static final String TAIL =
      "\"type\":\"message.created\",\"data\":{\"body\":\"" + "x".repeat(900) + "\"}}";

  private static long bytes(long chars) {
    return 2 * chars;
  }

  @Test
  void aTailKeptByManyBuffersIsChargedOnceAndEachBufferItsPrefix() {
    BufferBudget budget = new BufferBudget(DataSize.ofMegabytes(64));
    SharedTail tail = new SharedTail(TAIL);
    List<ReplayBuffer> buffers = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      ReplayBuffer buffer = new ReplayBuffer(1_000, 512 * 1024, budget);
      assertThat(buffer.add(7, tail)).isTrue();
      buffers.add(buffer);
    }
    assertThat(tail.holders()).isEqualTo(100);
    assertThat(budget.usedBytes())
        .isEqualTo(bytes(TAIL.length() + 100L * SharedTail.prefixLength(7)))
        .as("a tenth of a whole frame per buffer")
        .isLessThan(bytes(100L * tail.frameLength(7)) / 10);
    // Each session's own bound still counts its whole frame.
    assertThat(buffers.get(0).chars())
        .isEqualTo(("{\"op\":\"event\",\"eventId\":7," + TAIL).length());
  }

  @Test
  void theTailIsGivenBackWhenTheLastBufferDropsIt() {
    BufferBudget budget = new BufferBudget(DataSize.ofMegabytes(64));
    SharedTail first = new SharedTail(TAIL);
    List<ReplayBuffer> buffers = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ReplayBuffer buffer = new ReplayBuffer(2, 512 * 1024, budget);
      buffer.add(1, first);
      buffers.add(buffer);
    }
    for (int i = 0; i < 9; i++) {
      buffers.get(i).clear(1);
    }
    assertThat(first.holders()).isEqualTo(1);
    assertThat(budget.usedBytes()).isEqualTo(bytes(TAIL.length() + SharedTail.prefixLength(1)));

    // The last holder evicts it (two events at most): all of it goes back.
    ReplayBuffer last = buffers.get(9);
    SharedTail second = new SharedTail(TAIL);
    SharedTail third = new SharedTail(TAIL);
    last.add(2, second);
    last.add(3, third);
    assertThat(first.holders()).isZero();
    assertThat(budget.usedBytes())
        .isEqualTo(
            bytes(2L * TAIL.length() + SharedTail.prefixLength(2) + SharedTail.prefixLength(3)));
    last.clear(3);
    assertThat(budget.usedBytes()).isZero();
    assertThat(second.holders() + third.holders()).isZero();
    assertThatThrownBy(first::release).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aReplayYieldsTheSameFramesAsWholeFramesKeptPerSession() {
    BufferBudget budget = new BufferBudget(DataSize.ofMegabytes(1));
    ReplayBuffer buffer = new ReplayBuffer(1_000, 512 * 1024, budget);
    List<String> before = new ArrayList<>();
    for (long id = 1; id <= 12; id++) {
      String tail = "\"type\":\"read.updated\",\"seq\":" + id + ",\"data\":{\"ü\":\"✓\"}}";
      buffer.add(id, new SharedTail(tail));
      // What GatewaySession.deliver built and kept before docs/adr/0196.
      before.add("{\"op\":\"event\",\"eventId\":" + id + "," + tail);
    }
    assertThat(buffer.after(9, 12).stream().map(ReplayBuffer.Entry::frame))
        .containsExactlyElementsOf(before.subList(9, 12));
    assertThat(buffer.after(0, 12).stream().map(ReplayBuffer.Entry::frame))
        .containsExactlyElementsOf(before);
    assertThat(buffer.after(12, 12)).isEmpty();
    assertThat(buffer.after(13, 12)).as("never issued").isNull();
    assertThat(buffer.chars()).isEqualTo(before.stream().mapToLong(String::length).sum());
    for (ReplayBuffer.Entry entry : buffer.after(0, 12)) {
      assertThat(entry.chars()).isEqualTo(entry.frame().length());
      // A handed-over frame (stored whole) comes back as the same entry.
      ReplayBuffer.Entry again = ReplayBuffer.Entry.ofFrame(entry.eventId(), entry.frame());
      assertThat(again.frame()).isEqualTo(entry.frame());
      assertThat(again.tail().text()).isEqualTo(entry.tail().text());
    }
    assertThatThrownBy(() -> ReplayBuffer.Entry.ofFrame(3, before.get(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void thePerSessionBoundsCountWholeFramesAndEvictedIdsCannotBeResumed() {
    BufferBudget budget = new BufferBudget(DataSize.ofMegabytes(1));
    int frame = new SharedTail(TAIL).frameLength(1);
    ReplayBuffer buffer = new ReplayBuffer(1_000, 2 * frame + 1, budget);
    for (long id = 1; id <= 3; id++) {
      buffer.add(id, new SharedTail(TAIL));
    }
    assertThat(buffer.after(1, 3).stream().map(ReplayBuffer.Entry::eventId))
        .containsExactly(2L, 3L);
    assertThat(buffer.after(0, 3)).as("event 1 was evicted").isNull();
    assertThat(buffer.tail(10, frame + 1))
        .extracting(ReplayBuffer.Entry::eventId)
        .containsExactly(3L);
    assertThat(budget.usedBytes())
        .isEqualTo(
            bytes(2L * TAIL.length() + SharedTail.prefixLength(2) + SharedTail.prefixLength(3)));
  }

  @Test
  void whatTheBudgetRefusesIsNeitherKeptNorCharged() {
    BufferBudget budget = new BufferBudget(DataSize.ofBytes(2 * 500)); // 500 characters
    ReplayBuffer buffer = new ReplayBuffer(1_000, 512 * 1024, budget);
    SharedTail tail = new SharedTail(TAIL);
    assertThat(buffer.add(1, tail)).isFalse();
    assertThat(tail.holders()).isZero();
    assertThat(buffer.chars()).isZero();
    assertThat(budget.usedBytes()).isZero();
  }

  @Test
  void prefixLengthsMatchTheFrames() {
    for (long id : new long[] {0, 1, 9, 10, 99, 100, 12_345, 999_999_999L, Long.MAX_VALUE}) {
      assertThat(SharedTail.prefixLength(id))
          .isEqualTo(("{\"op\":\"event\",\"eventId\":" + id + ",").length());
    }
  }
}
