package io.parley.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.parley.events.conversation.DirectConversationOpenedEvent;
import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.conversation.MemberRole;
import io.parley.events.message.MessageSentEvent;
import io.parley.support.Niceness;
import io.parley.support.axon.ProcessorTuning;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The read models' processors run below the priority of the threads that answer requests and
 * deliver live, so on a busy CPU a push is not queued behind the projections it woke with
 * (docs/adr/0224).
 */
@ProjectionTest
class ProcessorPriorityTest {
  static final Instant T = Instant.parse("2026-12-06T23:00:00Z");

  @Autowired PublishedEvents events;

  @Test
  void backgroundProcessorsRunFiveStepsBelowTheMainThreadAndTheEventStoresProducerDoesNot()
      throws IOException {
    assumeTrue(Files.exists(Path.of("/proc/self/task")), "thread priorities are read on Linux");
    UUID c = UUID.randomUUID();
    UUID alice = UUID.randomUUID();
    UUID bob = UUID.randomUUID();
    // handled by every read model, so each processor has started its threads
    events.publish(
        new DirectConversationOpenedEvent(c, alice, bob, T),
        new MemberAddedEvent(c, alice, alice, MemberRole.MEMBER, T),
        new MemberAddedEvent(c, alice, bob, MemberRole.MEMBER, T),
        new MessageSentEvent(c, 1, 2001, alice, UUID.randomUUID(), "hello", null, T));

    Map<String, Integer> threads = threadNices();
    int main = nice(Path.of("/proc/self/task/" + ProcessHandle.current().pid()));
    int background = Math.min(19, main + ProcessorTuning.DEFAULT_NICE);

    // The kernel keeps the first 15 characters of a thread's name, and other test classes' contexts
    // may be alive in this JVM too: in this one, the tracking user-directory,
    // conversation-directory, inbox, message-timeline, message-search and the directory's guard
    // are lowered, and ended-sessions alone keeps the normal priority (a revoked session must stop
    // working at once). file-access is pooled (docs/adr/0225): its coordinator and worker, lowered.
    Map<String, Integer> tracking = named(threads, "EventProcessor[");
    assertThat(tracking.values())
        .as("tracking processors among %s", tracking)
        .allMatch(nice -> nice == background || nice == main);
    assertThat(tracking.values().stream().filter(nice -> nice == background).count())
        .as("lowered tracking processors among %s", tracking)
        .isGreaterThanOrEqualTo(6);
    assertThat(tracking.values().stream().filter(nice -> nice == main).count())
        .as("tracking processors at normal priority among %s", tracking)
        .isGreaterThanOrEqualTo(1);
    assertThat(named(threads, "file-access-"))
        .as("file-access's pooled threads")
        .isNotEmpty()
        .allSatisfy((name, nice) -> assertThat(nice).as(name).isEqualTo(background));
    assertThat(named(threads, "EmbeddedEventSt"))
        .as("the event store's producer, which also feeds live delivery")
        .isNotEmpty()
        .allSatisfy((name, nice) -> assertThat(nice).as(name).isEqualTo(main));
    assertThat(nice(Path.of("/proc/thread-self"))).as("this test's own thread").isEqualTo(main);
  }

  /** Every thread of this JVM by name and id, with its nice value. */
  private static Map<String, Integer> threadNices() throws IOException {
    Map<String, Integer> nices = new TreeMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      tasks.forEach(
          task -> {
            try {
              String name = Files.readString(task.resolve("comm")).strip();
              nices.put(name + " #" + task.getFileName(), nice(task));
            } catch (IOException e) {
              // the thread ended meanwhile
            }
          });
    }
    return nices;
  }

  private static Map<String, Integer> named(Map<String, Integer> threads, String prefix) {
    Map<String, Integer> named = new TreeMap<>(threads);
    named.keySet().removeIf(name -> !name.startsWith(prefix));
    return named;
  }

  private static int nice(Path task) {
    return Niceness.niceOf(task).orElseThrow();
  }
}
