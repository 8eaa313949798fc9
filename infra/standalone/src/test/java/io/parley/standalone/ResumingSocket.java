package io.parley.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A device that behaves as the browser client does (docs/api.md "WebSocket gateway"): it sends the
 * page's {@code Origin}, heartbeats, and when its socket closes it reconnects and identifies with
 * {@code resume: {sessionId, lastEventId}}. Answered {@code resumed}, it carries on; answered
 * {@code invalid_session}, it identifies afresh and resyncs one conversation by REST ({@code
 * messages?after=}). It records every {@code message.created} seq of that conversation: how often
 * the socket delivered each, and which the resync fetched.
 */
final class ResumingSocket implements WebSocket.Listener, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final int port;
  private final Calls calls;
  private final Calls.Actor actor;
  private final String conversationId;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final Map<Long, AtomicInteger> delivered = new ConcurrentHashMap<>();
  private final Map<Long, Boolean> resynced = new ConcurrentHashMap<>();
  private final List<String> history = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Void> firstReady = new CompletableFuture<>();
  private final AtomicInteger resumes = new AtomicInteger();
  private final AtomicInteger resyncs = new AtomicInteger();
  private final AtomicInteger reconnects = new AtomicInteger();
  private final AtomicInteger refusedAfterHandover = new AtomicInteger();
  private volatile int lastCloseCode;
  private StringBuilder partial = new StringBuilder();
  private volatile WebSocket socket;
  private volatile String sessionId;
  private volatile long lastEventId;
  private volatile boolean closed;
  // whether the current socket got its answer to identify (ready, resumed or invalid_session): a
  // socket closed before that (a push process still starting refused it) was one failed attempt
  // of the same reconnect, not a reconnect of its own
  private volatile boolean settled;
  private final java.util.concurrent.atomic.AtomicBoolean reconnecting =
      new java.util.concurrent.atomic.AtomicBoolean();

  ResumingSocket(int port, Calls calls, Calls.Actor actor, String conversationId) {
    this.port = port;
    this.calls = calls;
    this.actor = actor;
    this.conversationId = conversationId;
    connect();
    timer.scheduleAtFixedRate(this::heartbeat, 5, 5, TimeUnit.SECONDS);
    firstReady.orTimeout(30, TimeUnit.SECONDS).join();
  }

  /** Seqs delivered by the socket more than once. */
  List<Long> duplicates() {
    List<Long> twice = new ArrayList<>();
    delivered.forEach(
        (seq, count) -> {
          if (count.get() > 1) {
            twice.add(seq);
          }
        });
    return twice;
  }

  boolean receivedAny() {
    return !delivered.isEmpty();
  }

  /** Whether the socket delivered {@code seq}. */
  boolean received(long seq) {
    return delivered.containsKey(seq);
  }

  /** The first seq the socket delivered (the device joined the group's traffic there). */
  long firstSeq() {
    return delivered.keySet().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
  }

  /** Whether the device has every seq from its first to {@code lastSeq}, by socket or resync. */
  boolean hasEverySince(long lastSeq) {
    return missingSince(lastSeq).isEmpty();
  }

  List<Long> missingSince(long lastSeq) {
    List<Long> missing = new ArrayList<>();
    for (long seq = firstSeq(); seq <= lastSeq; seq++) {
      if (!delivered.containsKey(seq) && !resynced.containsKey(seq)) {
        missing.add(seq);
      }
    }
    return missing;
  }

  /** Whether the device has seq 1..{@code lastSeq}, by socket or resync. */
  boolean hasEveryMessageUpTo(long lastSeq) {
    for (long seq = 1; seq <= lastSeq; seq++) {
      if (!delivered.containsKey(seq) && !resynced.containsKey(seq)) {
        return false;
      }
    }
    return true;
  }

  List<Long> missingUpTo(long lastSeq) {
    List<Long> missing = new ArrayList<>();
    for (long seq = 1; seq <= lastSeq; seq++) {
      if (!delivered.containsKey(seq) && !resynced.containsKey(seq)) {
        missing.add(seq);
      }
    }
    return missing;
  }

  int resumes() {
    return resumes.get();
  }

  int resyncs() {
    return resyncs.get();
  }

  int reconnects() {
    return reconnects.get();
  }

  /** Resumes answered invalid_session although the socket had been handed over with 1012. */
  int refusedAfterHandover() {
    return refusedAfterHandover.get();
  }

  String history() {
    return String.join("\n", history);
  }

  private void connect() {
    while (!closed) {
      try {
        socket =
            http.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .header("Origin", "http://localhost:" + port)
                .buildAsync(URI.create("ws://localhost:" + port + "/ws"), this)
                .get(10, TimeUnit.SECONDS);
        Map<String, Object> identify = new java.util.HashMap<>();
        identify.put("op", "identify");
        identify.put("token", actor.token());
        if (sessionId != null) {
          identify.put("resume", Map.of("sessionId", sessionId, "lastEventId", lastEventId));
        }
        settled = false;
        reconnecting.set(false);
        send(identify);
        return;
      } catch (Exception refused) {
        history.add("connect failed: " + refused);
        sleep(300);
      }
    }
  }

  private void heartbeat() {
    WebSocket current = socket;
    if (current != null && !closed) {
      try {
        current.sendText("{\"op\":\"heartbeat\"}", true);
      } catch (RuntimeException ignored) {
        // the reconnect follows the close
      }
    }
  }

  private void send(Object frame) throws IOException {
    socket.sendText(JSON.writeValueAsString(frame), true).join();
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      String text = partial.toString();
      partial = new StringBuilder();
      try {
        handle(JSON.readTree(text));
      } catch (IOException e) {
        history.add("unreadable frame " + text);
      }
    }
    webSocket.request(1);
    return null;
  }

  private void handle(JsonNode frame) throws IOException {
    switch (frame.path("op").asText()) {
      case "ready" -> {
        boolean fresh = sessionId != null;
        sessionId = frame.path("sessionId").asText();
        lastEventId = 0;
        settled = true;
        firstReady.complete(null);
        if (fresh) {
          // after invalid_session: the new session runs; fetch what the old one may have missed
          timer.execute(this::resync);
        }
      }
      case "resumed" -> {
        settled = true;
        resumes.incrementAndGet();
        history.add("resumed " + sessionId);
      }
      case "invalid_session" -> {
        settled = true;
        resyncs.incrementAndGet();
        if (lastCloseCode == 1012) {
          refusedAfterHandover.incrementAndGet();
        }
        history.add("invalid_session for " + sessionId);
        timer.execute(
            () -> {
              try {
                send(Map.of("op", "identify", "token", actor.token()));
              } catch (IOException | RuntimeException e) {
                history.add("identify failed: " + e);
              }
            });
      }
      case "event" -> {
        lastEventId = frame.path("eventId").asLong();
        if ("message.created".equals(frame.path("type").asText())
            && conversationId.equals(frame.path("conversationId").asText())) {
          delivered
              .computeIfAbsent(frame.path("seq").asLong(), any -> new AtomicInteger())
              .incrementAndGet();
        }
      }
      default -> {
        // heartbeat_ack and the rest
      }
    }
  }

  private void resync() {
    long after = 0;
    while (delivered.containsKey(after + 1) || resynced.containsKey(after + 1)) {
      after++;
    }
    String cursor = String.valueOf(after);
    while (cursor != null) {
      ApiClient.Response page =
          calls.get(
              actor,
              "/api/conversations/" + conversationId + "/messages?limit=200&after=" + cursor);
      if (page.status() != 200) {
        history.add("resync answered " + page.status());
        sleep(500);
        continue;
      }
      page.body().path("items").forEach(item -> resynced.put(item.path("seq").asLong(), true));
      JsonNode next = page.body().path("nextCursor");
      cursor = next.isNull() || next.isMissingNode() ? null : next.asText();
    }
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    history.add("closed " + statusCode + " " + reason);
    if (settled) {
      lastCloseCode = statusCode;
    }
    reconnectLater(webSocket);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    history.add("error " + error);
    if (settled) {
      lastCloseCode = 1006;
    }
    reconnectLater(webSocket);
  }

  private void reconnectLater(WebSocket gone) {
    if (closed || gone != socket || !reconnecting.compareAndSet(false, true)) {
      return;
    }
    if (settled) {
      reconnects.incrementAndGet();
    } else {
      history.add("(that attempt failed before identify was answered; trying again)");
    }
    timer.schedule(this::connect, 200, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    closed = true;
    timer.shutdownNow();
    WebSocket current = socket;
    if (current != null) {
      current.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
