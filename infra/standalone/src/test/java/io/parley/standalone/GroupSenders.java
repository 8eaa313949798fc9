package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Members of one group sending into it without pause, as clients that must not lose a message do: a
 * send that is not answered 201 (a refused connection, a timeout, a 5xx) is retried with the same
 * {@code clientMessageId} until it is. Each body is its clientMessageId, so the history shows which
 * send became which message.
 */
final class GroupSenders implements AutoCloseable {
  /** A send the server acknowledged with 201. */
  record Ack(String clientMessageId, long seq, String messageId, Calls.Actor sender) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String messages;
  private final Map<String, Ack> acks = new ConcurrentHashMap<>();
  private final List<String> unexpected = new CopyOnWriteArrayList<>();
  private final AtomicInteger failedAttempts = new AtomicInteger();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean stopping;

  private GroupSenders(int port, String groupId) {
    this.messages = "http://localhost:" + port + "/api/conversations/" + groupId + "/messages";
  }

  static GroupSenders start(int port, String groupId, List<Calls.Actor> senders) {
    GroupSenders load = new GroupSenders(port, groupId);
    for (Calls.Actor sender : senders) {
      Thread thread =
          new Thread(() -> load.sendUntilStopped(sender), "sender-" + sender.username());
      thread.setDaemon(true);
      load.threads.add(thread);
      thread.start();
    }
    return load;
  }

  int acknowledged() {
    return acks.size();
  }

  int failedAttempts() {
    return failedAttempts.get();
  }

  /** Waits until {@code count} sends in all have been acknowledged. */
  void awaitAcknowledged(int count, Duration timeout) {
    Awaiting.until(() -> acks.size() >= count ? true : null, timeout);
  }

  /**
   * Starts no new send and waits until every send already started is acknowledged; returns every
   * acknowledged send by clientMessageId.
   */
  Map<String, Ack> finish(Duration timeout) {
    stopping = true;
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread thread : threads) {
      try {
        thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      if (thread.isAlive()) {
        throw new AssertionError(thread.getName() + " still has an unacknowledged send");
      }
    }
    if (!unexpected.isEmpty()) {
      throw new AssertionError("answers no retry can fix: " + unexpected);
    }
    return Map.copyOf(acks);
  }

  /** Sends {@code clientMessageId} again, exactly as the first time. */
  /**
   * Sends an acknowledged message again, as a client does: a refusal for now (503 or 429 with
   * Retry-After, docs/api.md) or a dropped connection is tried again, up to 50 times.
   */
  Optional<Ack> resend(Ack ack) {
    for (int attempt = 1; ; attempt++) {
      Optional<Ack> again = send(ack.sender(), ack.clientMessageId());
      if (again.isPresent() || attempt == 50 || !unexpected.isEmpty()) {
        return again;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return again;
      }
    }
  }

  @Override
  public void close() {
    stopping = true;
    threads.forEach(Thread::interrupt);
  }

  private void sendUntilStopped(Calls.Actor sender) {
    String pending = null;
    while (!Thread.currentThread().isInterrupted()) {
      if (pending == null) {
        if (stopping) {
          return;
        }
        pending = UUID.randomUUID().toString();
      }
      Optional<Ack> ack = send(sender, pending);
      if (ack.isPresent()) {
        acks.put(pending, ack.get());
        pending = null;
      } else {
        failedAttempts.incrementAndGet();
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private Optional<Ack> send(Calls.Actor sender, String clientMessageId) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(messages))
              .timeout(REQUEST_TIMEOUT)
              .header("Authorization", "Bearer " + sender.token())
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      JSON.writeValueAsString(
                          Map.of("clientMessageId", clientMessageId, "body", clientMessageId))))
              .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 201) {
        JsonNode message = JSON.readTree(response.body()).path("message");
        return Optional.of(
            new Ack(
                clientMessageId,
                message.path("seq").asLong(),
                message.path("messageId").asText(),
                sender));
      }
      if (response.statusCode() < 500 && response.statusCode() != 429) {
        unexpected.add(response.statusCode() + " " + response.body());
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
