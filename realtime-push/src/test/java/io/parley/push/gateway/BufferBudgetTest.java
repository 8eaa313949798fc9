package io.parley.push.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class BufferBudgetTest {

  @Test
  void aRefusedReservationCountsNothing() {
    BufferBudget budget = new BufferBudget(DataSize.ofBytes(200));
    assertThat(budget.reserve(90)).isTrue();
    assertThat(budget.reserve(20)).isFalse();
    assertThat(budget.usedBytes()).isEqualTo(180);
    budget.release(90);
    assertThat(budget.usedBytes()).isZero();
  }

  @Test
  void theCountNeverShowsAboveTheBudgetEvenWhileReservationsAreRefused() throws Exception {
    BufferBudget budget = new BufferBudget(DataSize.ofBytes(2_000));
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong peak = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      threads.add(
          new Thread(
              () -> {
                while (running.get()) {
                  if (budget.reserve(300)) {
                    budget.release(300);
                  }
                }
              }));
    }
    threads.add(
        new Thread(
            () -> {
              while (running.get()) {
                peak.accumulateAndGet(budget.usedBytes(), Math::max);
              }
            }));
    // Nearly full, so most reservations are refused.
    assertThat(budget.reserve(800)).isTrue();
    threads.forEach(Thread::start);
    Thread.sleep(500);
    running.set(false);
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(peak.get()).isPositive().isLessThanOrEqualTo(budget.limitBytes());
  }
}
