package io.parley.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NicenessTest {

  @Test
  void aLoweredFactorysThreadsRunTheGivenStepsBelowTheirStarter() throws Exception {
    OptionalInt own = Niceness.currentThreadNice();
    assumeTrue(own.isPresent(), "the kernel reports a thread's nice value only on Linux");

    assertThat(niceOfAThreadFrom(Niceness.lowered(3, DaemonThreads.named("lowered"))))
        .isEqualTo(Math.min(19, own.getAsInt() + 3));
    assertThat(niceOfAThreadFrom(DaemonThreads.named("plain"))).isEqualTo(own.getAsInt());
    assertThat(niceOfAThreadFrom(Niceness.lowered(0, DaemonThreads.named("off"))))
        .isEqualTo(own.getAsInt());
    // the calling thread itself is untouched
    assertThat(Niceness.currentThreadNice()).isEqualTo(own);
  }

  @Test
  void aPoolStartedFromALoweredThreadDoesNotSinkFurther() throws Exception {
    OptionalInt own = Niceness.currentThreadNice();
    assumeTrue(own.isPresent());
    ThreadFactory lowered = Niceness.lowered(3, DaemonThreads.named("pool"));

    assertThat(niceOfAThreadStartedBy(lowered, lowered))
        .isEqualTo(Math.min(19, own.getAsInt() + 3));
  }

  @Test
  void aNormalFactorysThreadsRunAtTheMainPriorityEvenWhenALoweredThreadStartsThem()
      throws Exception {
    OptionalInt own = Niceness.currentThreadNice();
    assumeTrue(own.isPresent());

    assertThat(
            niceOfAThreadStartedBy(
                Niceness.lowered(4, DaemonThreads.named("reader")),
                Niceness.normal(DaemonThreads.named("producer"))))
        .isEqualTo(own.getAsInt());
  }

  @Test
  void neverPastTheLowestPriority() throws Exception {
    assumeTrue(Niceness.currentThreadNice().isPresent());

    assertThat(niceOfAThreadFrom(Niceness.lowered(40, DaemonThreads.named("lowest"))))
        .isEqualTo(19);
  }

  /** The nice value of a thread from {@code inner}, started by a thread from {@code outer}. */
  private static int niceOfAThreadStartedBy(ThreadFactory outer, ThreadFactory inner)
      throws Exception {
    CompletableFuture<Integer> seen = new CompletableFuture<>();
    outer
        .newThread(
            () -> {
              try {
                seen.complete(niceOfAThreadFrom(inner));
              } catch (Exception e) {
                seen.completeExceptionally(e);
              }
            })
        .start();
    return seen.get(10, TimeUnit.SECONDS);
  }

  private static int niceOfAThreadFrom(ThreadFactory threads) throws Exception {
    CompletableFuture<OptionalInt> seen = new CompletableFuture<>();
    Thread thread = threads.newThread(() -> seen.complete(Niceness.currentThreadNice()));
    thread.start();
    return seen.get(10, TimeUnit.SECONDS).orElseThrow();
  }
}
