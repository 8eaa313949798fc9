package io.parley.push.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The delivery lanes: one key's work in order, other keys' work not held up behind it, and a short
 * task run where it is handed in only when no lane has work (docs/adr/0235).
 */
class ParallelDeliveryTest {
  private final DeliveryLanes lanes = new DeliveryLanes(4, 16);

  @AfterEach
  void stop() throws InterruptedException {
    lanes.stop();
  }

  @Test
  void aConversationStuckOnItsLaneDoesNotHoldUpAnotherConversation() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch otherDone = new CountDownLatch(1);
    lanes.submit(0, () -> await(release));
    lanes.submit(1, otherDone::countDown);

    assertThat(otherDone.await(5, TimeUnit.SECONDS)).isTrue();
    release.countDown();
  }

  @Test
  void oneKeysWorkRunsInTheOrderItWasHandedIn() throws Exception {
    List<Integer> ran = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    for (int i = 0; i < 200; i++) {
      int n = i;
      lanes.submit("conversation", () -> ran.add(n));
    }
    lanes.submit("conversation", done::countDown);

    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(ran).isSorted().hasSize(200);
  }

  @Test
  void aFailingPushDoesNotStopItsLane() throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    lanes.submit(
        7,
        () -> {
          throw new IllegalStateException("broken");
        });
    lanes.submit(7, done::countDown);

    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aShortTaskRunsOnTheSubmittingThreadWhenEveryLaneIsIdle() {
    List<Thread> ranOn = new CopyOnWriteArrayList<>();

    lanes.submitShort("conversation", () -> ranOn.add(Thread.currentThread()));

    assertThat(ranOn).containsExactly(Thread.currentThread());
  }

  @Test
  void aShortTaskWaitsItsTurnWhileAnyLaneHasWork() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<String> ran = new CopyOnWriteArrayList<>();
    List<Thread> ranOn = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    lanes.submit(
        "conversation",
        () -> {
          await(release);
          ran.add("first");
        });

    lanes.submitShort(
        "conversation",
        () -> {
          ran.add("short");
          ranOn.add(Thread.currentThread());
          done.countDown();
        });
    release.countDown();

    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(ran).containsExactly("first", "short");
    assertThat(ranOn).doesNotContain(Thread.currentThread());
  }

  @Test
  void workHandedInWhileAShortTaskRunsInlineRunsAfterItAndIsWaitedFor() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> ran = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () ->
                lanes.submitShort(
                    "conversation",
                    () -> {
                      started.countDown();
                      await(release);
                      ran.add("short");
                    }));
    reader.start();
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    lanes.submit("conversation", () -> ran.add("after"));
    CompletableFuture<Void> idle = CompletableFuture.runAsync(lanes::awaitIdle);
    Thread.sleep(100);

    assertThat(idle).as("the inline task still runs").isNotDone();
    assertThat(ran).isEmpty();
    release.countDown();
    idle.get(5, TimeUnit.SECONDS);
    assertThat(ran).containsExactly("short", "after");
    reader.join(5000);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
