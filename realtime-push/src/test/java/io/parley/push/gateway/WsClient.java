package io.parley.push.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real WebSocket client of the gateway (java.net.http). It records every frame, can heartbeat at
 * the server's interval like a well-behaved client, and can stop reading to play a slow consumer.
 */
public final class WsClient implements WebSocket.Listener, AutoCloseable {
  /** A field the client adds to each frame: when it arrived. */
  public static final String RECEIVED_AT = "_receivedAt";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ScheduledExecutorService HEARTBEATS =
      Executors.newScheduledThreadPool(
          1,
          runnable -> {
            Thread thread = new Thread(runnable, "test-heartbeats");
            thread.setDaemon(true);
            return thread;
          });

  private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
  private volatile String closeReason = "";
  private final StringBuilder partial = new StringBuilder();
  private final WebSocket socket;
  private volatile boolean paused;
  private volatile boolean heartbeating;

  private WsClient(int port, Map<String, String> headers) {
    WebSocket.Builder builder =
        HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    headers.forEach(builder::header);
    this.socket = builder.buildAsync(URI.create("ws://localhost:" + port + "/ws"), this).join();
  }

  public static WsClient connect(int port) {
    return new WsClient(port, Map.of());
  }

  public static WsClient connect(int port, String origin) {
    return new WsClient(port, Map.of("Origin", origin));
  }

  /** Connects as if through the router from {@code clientAddress} (loopback is a trusted proxy). */
  public static WsClient forwardedFrom(int port, String clientAddress) {
    return new WsClient(port, Map.of("X-Forwarded-For", clientAddress));
  }

  /** Connects, identifies, checks {@code ready} and heartbeats from then on. */
  public static WsClient identified(int port, String token) {
    WsClient client = connect(port);
    client.send(Map.of("op", "identify", "token", token));
    JsonNode ready = client.nextOp("ready");
    client.heartbeatEvery(ready.path("heartbeatIntervalMs").asLong());
    return client;
  }

  public void heartbeatEvery(long millis) {
    heartbeating = true;
    HEARTBEATS.schedule(() -> beat(millis), millis / 2, TimeUnit.MILLISECONDS);
  }

  private void beat(long millis) {
    if (!heartbeating || socket.isOutputClosed()) {
      return;
    }
    send(Map.of("op", "heartbeat"));
    HEARTBEATS.schedule(() -> beat(millis), millis / 2, TimeUnit.MILLISECONDS);
  }

  public void stopHeartbeats() {
    heartbeating = false;
  }

  public void send(Object frame) {
    try {
      sendRaw(JSON.writeValueAsString(frame));
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  public synchronized void sendRaw(String text) {
    socket.sendText(text, true).join();
  }

  public synchronized void sendBinary(byte[] bytes) {
    socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
  }

  /** Stops taking frames off the socket: the server's writes back up. */
  public void pauseReading() {
    paused = true;
  }

  public void resumeReading() {
    paused = false;
    socket.request(1);
  }

  public JsonNode next(Duration timeout) {
    try {
      JsonNode frame = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (frame == null) {
        throw new AssertionError("no frame within " + timeout + ", " + ending());
      }
      return frame;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The next frame matching, skipping others (heartbeat acks, unrelated events). */
  public JsonNode next(Predicate<JsonNode> wanted, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode frame = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      if (wanted.test(frame)) {
        return frame;
      }
    }
  }

  public JsonNode nextOp(String op) {
    return next(frame -> op.equals(frame.path("op").asText()), Duration.ofSeconds(10));
  }

  public JsonNode nextEvent(String type) {
    return next(
        frame ->
            "event".equals(frame.path("op").asText()) && type.equals(frame.path("type").asText()),
        Duration.ofSeconds(10));
  }

  /** The next event of {@code type} in {@code conversation}, skipping every other frame. */
  public JsonNode nextEventIn(String type, UUID conversation) {
    return next(
        frame ->
            "event".equals(frame.path("op").asText())
                && type.equals(frame.path("type").asText())
                && conversation.toString().equals(frame.path("conversationId").asText()),
        Duration.ofSeconds(10));
  }

  /** Every event frame received within {@code quiet} of the previous one. */
  /** The events of {@code type} among those received until none came for {@code quiet}. */
  public List<JsonNode> eventsUntilQuiet(String type, Duration quiet) {
    return eventsUntilQuiet(quiet).stream()
        .filter(frame -> type.equals(frame.path("type").asText()))
        .toList();
  }

  public List<JsonNode> eventsUntilQuiet(Duration quiet) {
    List<JsonNode> events = new ArrayList<>();
    while (true) {
      JsonNode frame;
      try {
        frame = frames.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      if (frame == null) {
        return events;
      }
      if ("event".equals(frame.path("op").asText())) {
        events.add(frame);
      }
    }
  }

  /** How the socket ended so far, for a failure's message. */
  private String ending() {
    if (!closeCode.isDone()) {
      return "the socket still open";
    }
    return closeCode
        .thenApply(code -> "the socket closed " + code + " " + closeReason)
        .exceptionally(error -> "the socket failed: " + error)
        .join();
  }

  public int awaitClose(Duration timeout) {
    return closeCode.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
  }

  public boolean isClosed() {
    return closeCode.isDone();
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      try {
        JsonNode frame = JSON.readTree(partial.toString());
        if (frame instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
          object.put(RECEIVED_AT, Instant.now().toString()); // for latency measurements
        }
        frames.add(frame);
      } catch (IOException e) {
        throw new IllegalStateException("server sent invalid JSON: " + partial, e);
      }
      partial.setLength(0);
    }
    if (!paused) {
      webSocket.request(1);
    }
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    heartbeating = false;
    closeReason = reason;
    closeCode.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    heartbeating = false;
    closeCode.completeExceptionally(error);
  }

  @Override
  public void close() {
    heartbeating = false;
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
    }
  }
}
