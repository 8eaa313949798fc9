package io.parley.command.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BackgroundSnapshotsTest {
  @Test
  void aSnapshotRunsOnItsOwnThreadAndAFullQueueSkipsInsteadOfBlocking() throws Exception {
    try (BackgroundSnapshots snapshots = new BackgroundSnapshots()) {
      CountDownLatch release = new CountDownLatch(1);
      AtomicReference<String> ranOn = new AtomicReference<>();
      snapshots.execute(
          () -> {
            ranOn.set(Thread.currentThread().getName());
            try {
              release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      AtomicInteger queuedRan = new AtomicInteger();
      for (int i = 0; i <= BackgroundSnapshots.QUEUE; i++) {
        snapshots.execute(queuedRan::incrementAndGet); // returns at once, also when full
      }

      assertThat(snapshots.awaitIdle(Duration.ofMillis(100))).isFalse();
      release.countDown();
      assertThat(snapshots.awaitIdle(Duration.ofSeconds(10))).isTrue();
      assertThat(ranOn.get()).isEqualTo("aggregate-snapshots");
      assertThat(snapshots.skipped()).isEqualTo(1);
      assertThat(queuedRan.get()).isEqualTo(BackgroundSnapshots.QUEUE);
    }
  }
}
