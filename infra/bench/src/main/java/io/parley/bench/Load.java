package io.parley.bench;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends messages into a {@link Population}: open loop (a fixed rate, each send timed from its
 * intended start so a slow server cannot hide its queueing) or closed loop (N senders, each waiting
 * for its answer).
 */
final class Load {
  /** Where a message goes: the app's REST API or the raw relay. Completes with the HTTP status. */
  interface Target {
    CompletableFuture<Integer> send(int sender, Population.Conversation conversation, String body);
  }

  /** What one phase sent: the message index range and the send (HTTP) latencies and failures. */
  /**
   * {@code pacing}: in an open loop, how late the harness issued each send against its schedule
   * (its own lag, not the app's: it grows when the harness lacks CPU); empty in a closed loop.
   */
  record Phase(int from, int to, long failures, Latencies send, Latencies pacing, double seconds) {
    int messages() {
      return to - from;
    }
  }

  private Load() {}

  static Target app(Api api, List<Api.User> users) {
    return (sender, conversation, body) ->
        api.send(users.get(sender), conversation.id(), body).thenApply(Api.Sent::status);
  }

  static Target relay(Api api) {
    return (sender, conversation, body) -> {
      List<String> to = new java.util.ArrayList<>();
      for (int member : conversation.members()) {
        to.add("c" + member);
      }
      String frame;
      try {
        frame =
            Api.JSON.writeValueAsString(
                Map.of(
                    "op",
                    "event",
                    "type",
                    "message.created",
                    "conversationId",
                    conversation.id(),
                    "data",
                    Map.of("body", body)));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      return api.postAsync("/raw/send", Map.of("to", to, "frame", frame));
    };
  }

  /** At {@code rate} messages/s for {@code seconds}; deliveries' latencies go to {@code sink}. */
  static Phase openLoop(
      Population population,
      Target target,
      double rate,
      double seconds,
      Latencies sink,
      Random random,
      String tag) {
    Latencies send = new Latencies();
    Latencies pacing = new Latencies();
    AtomicLong failures = new AtomicLong();
    long start = System.nanoTime();
    long count = Math.max(1, Math.round(rate * seconds));
    int from = population.deliveries.size();
    int to = from;
    CompletableFuture<?>[] pending = new CompletableFuture<?>[(int) count];
    for (long i = 0; i < count; i++) {
      long intended = start + (long) (i * 1e9 / rate);
      long wait = intended - System.nanoTime();
      if (wait > 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(wait);
      }
      pacing.add(Math.max(0, System.nanoTime() - intended));
      pending[(int) i] = sendOne(population, target, intended, sink, random, tag, send, failures);
      to = population.deliveries.size();
    }
    CompletableFuture.allOf(pending).exceptionally(e -> null).join();
    return new Phase(from, to, failures.get(), send, pacing, (System.nanoTime() - start) / 1e9);
  }

  /** {@code concurrency} senders, each sending its next message when the last was answered. */
  static Phase closedLoop(
      Population population,
      Target target,
      int concurrency,
      double seconds,
      Latencies sink,
      long seed,
      String tag) {
    Latencies send = new Latencies();
    AtomicLong failures = new AtomicLong();
    int from = population.deliveries.size();
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    Thread[] senders = new Thread[concurrency];
    for (int t = 0; t < concurrency; t++) {
      Random random = new Random(seed + t);
      senders[t] =
          new Thread(
              // each sender waits for its answer anyway: its requests run on it (LeanHttp.inline)
              () ->
                  LeanHttp.inline(
                      () -> {
                        while (System.nanoTime() < end) {
                          Integer status =
                              sendOne(
                                      population,
                                      target,
                                      System.nanoTime(),
                                      sink,
                                      random,
                                      tag,
                                      send,
                                      failures)
                                  .exceptionally(e -> null)
                                  .join();
                          if (status != null && (status == 503 || status == 429)) {
                            // as a client does (docs/api.md, "Overload"), not a busy loop
                            long pause = Math.min(RETRY_AFTER_NANOS, end - System.nanoTime());
                            if (pause > 0) {
                              java.util.concurrent.locks.LockSupport.parkNanos(pause);
                            }
                          }
                        }
                      }),
              "sender-" + t);
      senders[t].start();
    }
    Workers.joinAll(java.util.List.of(senders));
    return new Phase(
        from,
        population.deliveries.size(),
        failures.get(),
        send,
        new Latencies(),
        (System.nanoTime() - start) / 1e9);
  }

  /**
   * How long a closed-loop sender waits after a refusal (503 or 429) before its next send: the
   * {@code Retry-After} Parley answers by default ({@code parley.admission.retry-after}, 1 s). A
   * client that sent again at once would spin, and on a machine it shares with the server its
   * refusals would take the CPU the server needs for the sends it accepts.
   */
  static final long RETRY_AFTER_NANOS = 1_000_000_000L;

  /** Completes with the send's HTTP status, or null when it failed without one. */
  private static CompletableFuture<Integer> sendOne(
      Population population,
      Target target,
      long intended,
      Latencies sink,
      Random random,
      String tag,
      Latencies send,
      AtomicLong failures) {
    Population.Conversation conversation;
    int sender;
    synchronized (random) {
      conversation = population.pick(random);
      sender = conversation.members()[random.nextInt(conversation.members().length)];
    }
    int index = population.deliveries.register(intended, sender, conversation.members(), sink);
    return target
        .send(sender, conversation, Deliveries.body(tag, index))
        .handle(
            (status, error) -> {
              send.add(System.nanoTime() - intended);
              if (error != null || status == null || status >= 300) {
                failures.incrementAndGet();
                population.deliveries.cancel(index);
                if (status == null || (status != 503 && status != 429)) {
                  reportUnexpected(status, error);
                }
              }
              return error != null ? null : status;
            });
  }

  private static final AtomicLong UNEXPECTED = new AtomicLong();

  /** The first few failures that are not a refusal, for whoever reads the bench's log. */
  private static void reportUnexpected(Integer status, Throwable error) {
    if (UNEXPECTED.incrementAndGet() <= 5) {
      Bench.log("send failed: " + (error != null ? error.toString() : "status " + status));
    }
  }

  /** Warm-up sends in flight at once. */
  static final int WARM_UP_AT_ONCE = 8;

  /**
   * One message in every conversation, until each member of each has received one: routes are known
   * everywhere before anything is measured. Returns the rounds it took.
   */
  static int warmUp(Population population, Target target, String tag, long timeoutMillis) {
    List<Population.Conversation> pending = population.conversations;
    for (int round = 1; round <= 5; round++) {
      int from = population.deliveries.size();
      // a few at a time: a burst of every conversation's first send at once is refused in part by
      // admission control on a small machine (docs/adr/0201), and a refused warm-up send is waited
      // for in vain
      for (int chunk = 0; chunk < pending.size(); chunk += WARM_UP_AT_ONCE) {
        List<Population.Conversation> part =
            pending.subList(chunk, Math.min(pending.size(), chunk + WARM_UP_AT_ONCE));
        CompletableFuture<?>[] sends = new CompletableFuture<?>[part.size()];
        for (int i = 0; i < part.size(); i++) {
          Population.Conversation conversation = part.get(i);
          int index =
              population.deliveries.register(
                  System.nanoTime(), conversation.members()[0], conversation.members(), null);
          sends[i] =
              target.send(conversation.members()[0], conversation, Deliveries.body(tag, index));
        }
        CompletableFuture.allOf(sends).join();
      }
      population.deliveries.await(from, population.deliveries.size(), timeoutMillis);
      List<Population.Conversation> missing = new java.util.ArrayList<>();
      for (int i = 0; i < pending.size(); i++) {
        if (population.deliveries.tally(from + i, from + i + 1).lost() > 0) {
          missing.add(pending.get(i));
        }
      }
      population.deliveries.forget(from, population.deliveries.size());
      if (missing.isEmpty()) {
        return round;
      }
      Bench.log("warm-up round " + round + ": " + missing.size() + " conversations not yet routed");
      pending = missing;
    }
    throw new IllegalStateException("conversations never reached all their members");
  }
}
