package io.parley.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal XMPP client over WebSocket (RFC 7395) for the peer benchmark: SASL PLAIN, resource
 * binding, initial presence, one-to-one chat and multi-user chat. Every {@code <message>} with a
 * body is reported to the shared {@link Deliveries}, exactly as the Parley client reports a {@code
 * message.created}. Stanzas are matched with regular expressions: the benchmark controls every
 * body, so no general XML parsing is needed.
 */
final class XmppClient implements WebSocket.Listener, AutoCloseable {
  static final String FRAMING = "urn:ietf:params:xml:ns:xmpp-framing";
  private static final Pattern BODY = Pattern.compile("<body>([^<]*)</body>");

  private final int index;
  private final String domain;
  private final Deliveries deliveries;
  private final StringBuilder partial = new StringBuilder();
  private final List<Waiter> waiters = new CopyOnWriteArrayList<>();
  private final Map<Integer, CompletableFuture<Integer>> reflections = new ConcurrentHashMap<>();
  private volatile WebSocket socket;
  private final Object sendLock = new Object();
  private CompletableFuture<WebSocket> lastSend = CompletableFuture.completedFuture(null);
  private int ids;

  private record Waiter(Predicate<String> match, CompletableFuture<String> found) {}

  XmppClient(int index, String domain, Deliveries deliveries) {
    this.index = index;
    this.domain = domain;
    this.deliveries = deliveries;
  }

  /** Connects, authenticates as {@code user}, binds a resource and sends initial presence. */
  void login(HttpClient http, String url, String user, String password) {
    socket =
        http.newWebSocketBuilder()
            .subprotocols("xmpp")
            .connectTimeout(Duration.ofSeconds(20))
            .buildAsync(URI.create(url), this)
            .join();
    CompletableFuture<String> features = await(s -> s.contains("<mechanisms"));
    send(open());
    get(features);
    String plain =
        Base64.getEncoder()
            .encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    CompletableFuture<String> success = await(s -> s.startsWith("<success"));
    send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + plain + "</auth>");
    String outcome = get(success);
    if (!outcome.startsWith("<success")) {
      throw new IllegalStateException(user + " could not log in: " + outcome);
    }
    CompletableFuture<String> bindable = await(s -> s.contains("<bind"));
    send(open());
    get(bindable);
    CompletableFuture<String> bound = await(s -> s.startsWith("<iq") && s.contains("bind"));
    send(
        "<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
            + "<resource>bench</resource></bind></iq>");
    get(bound);
    send("<presence/>");
  }

  /** Joins (creating if needed, as an instant room) the room {@code room} of {@code service}. */
  void join(String roomJid, String nick) {
    CompletableFuture<String> self =
        await(
            s ->
                s.startsWith("<presence")
                    && (s.contains("code='110'") || s.contains("code=\"110\"")));
    send(
        "<presence to='"
            + roomJid
            + "/"
            + nick
            + "'><x xmlns='http://jabber.org/protocol/muc'><history maxstanzas='0'/></x>"
            + "</presence>");
    String presence = get(self);
    if (presence.contains("code='201'") || presence.contains("code=\"201\"")) {
      String id = "cfg" + nextId();
      CompletableFuture<String> configured = await(s -> s.startsWith("<iq") && s.contains(id));
      send(
          "<iq type='set' id='"
              + id
              + "' to='"
              + roomJid
              + "'><query xmlns='http://jabber.org/protocol/muc#owner'>"
              + "<x xmlns='jabber:x:data' type='submit'/></query></iq>");
      get(configured);
    }
  }

  /**
   * Sends message {@code messageIndex}: to a user ({@code chat}, done when written; the sender's
   * own copy is counted at once, as XMPP sends none) or to a room ({@code groupchat}, done when the
   * room reflects it back, i.e. the server has accepted it).
   */
  CompletableFuture<Integer> send(String to, boolean room, String body, int messageIndex) {
    String stanza =
        "<message to='"
            + to
            + "' type='"
            + (room ? "groupchat" : "chat")
            + "' id='m"
            + messageIndex
            + "'><body>"
            + body
            + "</body></message>";
    if (room) {
      CompletableFuture<Integer> reflected = new CompletableFuture<>();
      reflections.put(messageIndex, reflected);
      send(stanza);
      return reflected.orTimeout(60, TimeUnit.SECONDS);
    }
    return send(stanza)
        .thenApply(
            ws -> {
              deliveries.received(index, messageIndex, System.nanoTime());
              return 201;
            });
  }

  private String open() {
    return "<open xmlns='" + FRAMING + "' to='" + domain + "' version='1.0'/>";
  }

  private synchronized int nextId() {
    return ++ids;
  }

  private CompletableFuture<WebSocket> send(String stanza) {
    synchronized (sendLock) {
      lastSend = lastSend.exceptionally(e -> null).thenCompose(ws -> socket.sendText(stanza, true));
      return lastSend;
    }
  }

  private CompletableFuture<String> await(Predicate<String> match) {
    CompletableFuture<String> found = new CompletableFuture<>();
    waiters.add(new Waiter(match, found));
    return found;
  }

  private static String get(CompletableFuture<String> future) {
    return future.orTimeout(30, TimeUnit.SECONDS).join();
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    long now = System.nanoTime();
    partial.append(data);
    if (last) {
      String stanza = partial.toString();
      partial.setLength(0);
      handle(stanza, now);
    }
    webSocket.request(1);
    return null;
  }

  private void handle(String stanza, long now) {
    if (stanza.startsWith("<message") && !stanza.contains("<delay")) {
      Matcher body = BODY.matcher(stanza);
      if (body.find()) {
        int messageIndex = Deliveries.indexOf(body.group(1));
        deliveries.received(index, messageIndex, now);
        CompletableFuture<Integer> reflected = reflections.remove(messageIndex);
        if (reflected != null) {
          reflected.complete(201);
        }
        return;
      }
    }
    for (Waiter waiter : waiters) {
      if (waiter.match().test(stanza)) {
        waiters.remove(waiter);
        waiter.found().complete(stanza);
      }
    }
    if (stanza.startsWith("<failure") || stanza.contains("<stream:error")) {
      for (Waiter waiter : waiters) {
        waiter.found().complete(stanza);
      }
    }
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    waiters.forEach(w -> w.found().completeExceptionally(error));
    reflections.values().forEach(r -> r.completeExceptionally(error));
  }

  @Override
  public void close() {
    WebSocket ws = socket;
    if (ws != null) {
      try {
        ws.sendText("<close xmlns='" + FRAMING + "'/>", true).get(2, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // closing anyway
      }
      ws.abort();
    }
  }
}
