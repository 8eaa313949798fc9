package io.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One device on the gateway (or on the raw relay, which speaks the same identify/heartbeat frames):
 * identifies with its token in the first frame, heartbeats at the interval the server announces,
 * acks the highest {@code seq} it holds per conversation every {@code ackInterval}, and reports
 * every {@code message.created} to {@link Deliveries}.
 */
final class WsClient implements WebSocket.Listener {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final int index;
  private final Deliveries deliveries;
  private final ScheduledExecutorService timers;
  private final Duration ackInterval;
  private final StringBuilder partial = new StringBuilder();
  private final CompletableFuture<Long> ready = new CompletableFuture<>();
  private final Map<String, Long> heldSeq = new LinkedHashMap<>();
  private final Map<String, Long> ackedSeq = new LinkedHashMap<>();
  private final AtomicLong frames = new AtomicLong();
  private final AtomicLong heartbeatAcks = new AtomicLong();
  private volatile Integer closeCode;
  private volatile boolean closing;
  private CompletableFuture<WebSocket> sending;
  private ScheduledFuture<?> heartbeat;
  private ScheduledFuture<?> acker;
  private WebSocket socket;

  WsClient(
      int index, Deliveries deliveries, ScheduledExecutorService timers, Duration ackInterval) {
    this.index = index;
    this.deliveries = deliveries;
    this.timers = timers;
    this.ackInterval = ackInterval;
  }

  /** Connects and identifies; the future completes on {@code ready}. */
  CompletableFuture<Long> connect(HttpClient http, String url, String token) {
    return http.newWebSocketBuilder()
        .connectTimeout(Duration.ofSeconds(20))
        .buildAsync(URI.create(url), this)
        .thenCompose(
            ws -> {
              synchronized (this) {
                socket = ws;
                sending = CompletableFuture.completedFuture(ws);
              }
              send(Map.of("op", "identify", "token", token));
              return ready;
            })
        .thenApply(
            interval -> {
              long jitter = (long) (Math.random() * interval);
              heartbeat =
                  timers.scheduleAtFixedRate(
                      () -> send(Map.of("op", "heartbeat")),
                      jitter,
                      interval,
                      TimeUnit.MILLISECONDS);
              if (!ackInterval.isZero()) {
                long every = ackInterval.toMillis();
                acker =
                    timers.scheduleAtFixedRate(
                        this::ackHeld,
                        (long) (Math.random() * every),
                        every,
                        TimeUnit.MILLISECONDS);
              }
              return interval;
            });
  }

  private void send(Object frame) {
    String text;
    try {
      text = JSON.writeValueAsString(frame);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    synchronized (this) {
      if (closeCode != null || sending == null) {
        return;
      }
      // One outstanding send at a time, as java.net.http's WebSocket requires.
      sending = sending.thenCompose(ws -> ws.sendText(text, true)).exceptionally(e -> socket);
    }
  }

  /** Acks, per conversation whose seq moved, the highest seq held (at most 4 per tick). */
  void ackHeld() {
    Map<String, Long> due = new LinkedHashMap<>();
    synchronized (heldSeq) {
      for (Map.Entry<String, Long> held : heldSeq.entrySet()) {
        if (due.size() == 4) {
          break;
        }
        Long acked = ackedSeq.get(held.getKey());
        if (acked == null || acked < held.getValue()) {
          due.put(held.getKey(), held.getValue());
          ackedSeq.put(held.getKey(), held.getValue());
        }
      }
    }
    due.forEach(
        (conversation, seq) ->
            send(Map.of("op", "ack", "conversationId", conversation, "seq", seq)));
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    long now = System.nanoTime();
    partial.append(data);
    if (last) {
      frames.incrementAndGet();
      String text = partial.toString();
      partial.setLength(0);
      try {
        onFrame(JSON.readTree(text), now);
      } catch (IOException e) {
        throw new IllegalStateException("invalid JSON from the server", e);
      }
    }
    webSocket.request(1);
    return null;
  }

  private void onFrame(JsonNode frame, long now) {
    switch (frame.path("op").asText()) {
      case "ready" -> ready.complete(frame.path("heartbeatIntervalMs").asLong(30_000));
      case "heartbeat_ack" -> heartbeatAcks.incrementAndGet();
      case "event" -> {
        if ("message.created".equals(frame.path("type").asText())) {
          deliveries.received(
              index, Deliveries.indexOf(frame.path("data").path("body").asText()), now);
          String conversation = frame.path("conversationId").asText(null);
          long seq = frame.path("seq").asLong(0);
          if (conversation != null && seq > 0) {
            synchronized (heldSeq) {
              heldSeq.merge(conversation, seq, Math::max);
            }
          }
        }
      }
      default -> {
        // delivered.updated, presence, typing…: not counted
      }
    }
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closeCode = statusCode;
    ready.completeExceptionally(
        new IllegalStateException("closed " + statusCode + " " + reason + " before ready"));
    cancelTimers();
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    if (closeCode == null) {
      closeCode = -1;
    }
    ready.completeExceptionally(error);
    cancelTimers();
  }

  private void cancelTimers() {
    if (heartbeat != null) {
      heartbeat.cancel(false);
    }
    if (acker != null) {
      acker.cancel(false);
    }
  }

  /** Closed by the server or the network while the harness still wanted it open. */
  boolean droppedUnexpectedly() {
    return closeCode != null && !closing;
  }

  Integer closeCode() {
    return closeCode;
  }

  long heartbeatAcks() {
    return heartbeatAcks.get();
  }

  long frames() {
    return frames.get();
  }

  void close() {
    closing = true;
    cancelTimers();
    WebSocket ws;
    synchronized (this) {
      ws = socket;
    }
    if (ws != null && !ws.isOutputClosed()) {
      try {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
      } catch (IllegalStateException e) {
        ws.abort(); // a heartbeat is still being written
      }
    }
  }
}
