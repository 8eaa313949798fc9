package io.parley.push.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One device of the reconnect storm, written like the browser client (frontend/src/gateway): it
 * identifies (resuming when it has a session), reconnects after any close it did not ask for (after
 * a short jittered wait when told 4029), identifies afresh after {@code invalid_session} and then
 * resyncs, and counts every message seq it holds. Thousands share one HTTP client and one timer
 * thread, so the storm costs sockets, not threads.
 */
final class StormDevice implements WebSocket.Listener {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final ScheduledExecutorService timers;
  private final URI uri;
  private final String clientAddress;
  private final Supplier<String> token;
  private final Supplier<Set<Long>> resync;
  private final StringBuilder partial = new StringBuilder();
  private final Set<Long> seqs = ConcurrentHashMap.newKeySet();
  private final Map<Integer, AtomicInteger> closeCodes;
  private Set<Long> pushedThisSession = new HashSet<>();
  private volatile WebSocket socket;
  private volatile boolean stopped;
  private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
  private String sessionId;
  private long lastEventId;
  private boolean askedToResume;
  private int duplicates;
  private int resyncs;
  private int resumes;
  private int failedAttempts;
  private boolean identified;
  private boolean everReady;

  StormDevice(
      HttpClient http,
      ScheduledExecutorService timers,
      int port,
      String clientAddress,
      Supplier<String> token,
      Supplier<Set<Long>> resync,
      Map<Integer, AtomicInteger> closeCodes) {
    this.http = http;
    this.timers = timers;
    this.uri = URI.create("ws://localhost:" + port + "/ws");
    this.clientAddress = clientAddress;
    this.token = token;
    this.resync = resync;
    this.closeCodes = closeCodes;
  }

  void connect() {
    if (stopped) {
      return;
    }
    http.newWebSocketBuilder()
        .connectTimeout(Duration.ofSeconds(10))
        .header("X-Forwarded-For", clientAddress)
        .buildAsync(uri, this)
        .whenComplete(
            (opened, error) -> {
              if (error != null) {
                synchronized (this) {
                  failedAttempts++;
                }
                later(this::connect);
              }
            });
  }

  /** Drops the connection without a close frame, as a network failure would. */
  void drop() {
    WebSocket current = socket;
    if (current != null) {
      current.abort();
      reconnect(current, false); // abort promises no listener call
    }
  }

  /** Only once identified: any other first op is refused with 4001. */
  synchronized void heartbeat() {
    WebSocket current = socket;
    if (identified && current != null && !current.isOutputClosed()) {
      send(current, Map.of("op", "heartbeat"));
    }
  }

  void stop() {
    stopped = true;
    WebSocket current = socket;
    if (current != null) {
      current.abort();
    }
  }

  /** Identified on a socket that is still open. */
  synchronized boolean isReady() {
    return socket != null && sessionId != null && !socket.isInputClosed();
  }

  Set<Long> seqs() {
    return seqs;
  }

  synchronized int duplicates() {
    return duplicates;
  }

  synchronized int resyncs() {
    return resyncs;
  }

  synchronized int resumes() {
    return resumes;
  }

  @Override
  public synchronized void onOpen(WebSocket webSocket) {
    socket = webSocket;
    identified = false;
    askedToResume = sessionId != null;
    if (askedToResume) {
      send(
          webSocket,
          Map.of(
              "op",
              "identify",
              "token",
              token.get(),
              "resume",
              Map.of("sessionId", sessionId, "lastEventId", lastEventId)));
    } else {
      send(webSocket, Map.of("op", "identify", "token", token.get()));
    }
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      String text = partial.toString();
      partial.setLength(0);
      try {
        onFrame(webSocket, JSON.readTree(text));
      } catch (IOException e) {
        throw new IllegalStateException("server sent invalid JSON", e);
      }
    }
    webSocket.request(1);
    return null;
  }

  private synchronized void onFrame(WebSocket webSocket, JsonNode frame) {
    switch (frame.path("op").asText()) {
      case "ready" -> {
        failedAttempts = 0;
        identified = true;
        // Like outcomeOf in policy.ts: any new session after an earlier one may have missed events.
        boolean missedSome = everReady || askedToResume;
        everReady = true;
        sessionId = frame.path("sessionId").asText();
        lastEventId = 0;
        pushedThisSession = new HashSet<>();
        if (missedSome) {
          // As the contract says: a new session after an old one means a REST resync.
          resyncs++;
          seqs.addAll(resync.get());
        }
      }
      case "resumed" -> {
        failedAttempts = 0;
        identified = true;
        resumes++;
      }
      case "invalid_session" -> {
        identified = false;
        sessionId = null;
        send(webSocket, Map.of("op", "identify", "token", token.get()));
      }
      case "event" -> {
        long eventId = frame.path("eventId").asLong();
        if (eventId <= lastEventId) {
          duplicates++;
          return;
        }
        lastEventId = eventId;
        if ("message.created".equals(frame.path("type").asText())) {
          long seq = frame.path("seq").asLong();
          if (!pushedThisSession.add(seq)) {
            duplicates++;
          }
          seqs.add(seq);
        }
      }
      default -> {}
    }
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closeCodes.computeIfAbsent(statusCode, c -> new AtomicInteger()).incrementAndGet();
    reconnect(webSocket, true);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    reconnect(webSocket, true);
  }

  /** At once the first time; with backoff while attempts keep failing. */
  private void reconnect(WebSocket gone, boolean closedByServer) {
    int attempt;
    synchronized (this) {
      if (socket != gone) {
        return;
      }
      socket = null;
      attempt = closedByServer ? ++failedAttempts : failedAttempts;
    }
    if (attempt == 0) {
      connect();
    } else {
      later(this::connect);
    }
  }

  /** Like the browser client's backoff (policy.ts), on a shorter base for a test. */
  private void later(Runnable action) {
    int attempt;
    synchronized (this) {
      attempt = Math.max(1, failedAttempts);
    }
    long ceiling = Math.min(5_000, 100L << Math.min(attempt, 6));
    long delay = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    timers.schedule(action, delay, TimeUnit.MILLISECONDS);
  }

  /** One send at a time per device (the client refuses a send while one is pending). */
  private synchronized void send(WebSocket webSocket, Object frame) {
    String text;
    try {
      text = JSON.writeValueAsString(frame);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
    sending =
        sending.thenCompose(done -> webSocket.sendText(text, true)).handle((done, error) -> null);
  }
}
