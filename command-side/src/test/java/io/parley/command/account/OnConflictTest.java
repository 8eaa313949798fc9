package io.parley.command.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;

class OnConflictTest {
  @Test
  void aTransactionThatLostARaceRunsAgainAndItsResultIsReturned() {
    AtomicInteger runs = new AtomicInteger();

    String result =
        OnConflict.retry(
            () -> {
              if (runs.incrementAndGet() < 3) {
                throw new ConcurrencyException("another command appended first");
              }
              return "done";
            });

    assertThat(result).isEqualTo("done");
    assertThat(runs).hasValue(3);
  }

  @Test
  void aTransactionThatKeepsLosingGivesUpAfterFiveRuns() {
    AtomicInteger runs = new AtomicInteger();

    assertThatThrownBy(
            () ->
                OnConflict.retry(
                    () -> {
                      runs.incrementAndGet();
                      throw new ConcurrencyException("always");
                    }))
        .isInstanceOf(ConcurrencyException.class);
    assertThat(runs).hasValue(5);
  }

  @Test
  void otherFailuresAreNotRetried() {
    AtomicInteger runs = new AtomicInteger();

    assertThatThrownBy(
            () ->
                OnConflict.retry(
                    () -> {
                      runs.incrementAndGet();
                      throw new IllegalStateException("not a race");
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(runs).hasValue(1);
  }
}
