package io.parley.push.gateway;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * At most {@code parley.gateway.max-pending-handshakes-per-address} sockets per client address that
 * have not identified yet. The handshake records a {@link Pending} ticket, or none when the address
 * is over its limit (the handler then closes the socket with 4029, which a browser can see, unlike
 * a refused handshake). The ticket is given back when the socket identifies or closes.
 *
 * <p>The handshake only records the address; the ticket is taken once the socket is open, so every
 * ticket taken is given back by the socket's closure.
 */
final class HandshakeLimiter implements HandshakeInterceptor {
  static final String PENDING = "parley.pending-handshake";
  static final String ADDRESS = "parley.client-address";

  private final ClientAddress addresses;
  private final int maxPerAddress;
  private final Map<String, Integer> pending = new ConcurrentHashMap<>();

  HandshakeLimiter(ClientAddress addresses, int maxPerAddress) {
    this.addresses = addresses;
    this.maxPerAddress = maxPerAddress;
  }

  /** One unidentified socket of an address; {@link #settle} it exactly once. */
  final class Pending {
    private final String address;
    private final AtomicBoolean settled = new AtomicBoolean();

    private Pending(String address) {
      this.address = address;
    }

    void settle() {
      if (settled.compareAndSet(false, true)) {
        pending.computeIfPresent(address, (a, count) -> count <= 1 ? null : count - 1);
      }
    }
  }

  @Override
  public boolean beforeHandshake(
      ServerHttpRequest request,
      ServerHttpResponse response,
      WebSocketHandler handler,
      Map<String, Object> attributes) {
    attributes.put(ADDRESS, addresses.of(request));
    return true;
  }

  @Override
  public void afterHandshake(
      ServerHttpRequest request,
      ServerHttpResponse response,
      WebSocketHandler handler,
      Exception exception) {}

  /** A ticket for one more unidentified socket of {@code address}, or null when over the limit. */
  Pending admit(String address) {
    boolean[] admitted = new boolean[1];
    pending.compute(
        address,
        (a, count) -> {
          int now = count == null ? 0 : count;
          if (now >= maxPerAddress) {
            return count;
          }
          admitted[0] = true;
          return now + 1;
        });
    return admitted[0] ? new Pending(address) : null;
  }

  /** Counts an open, unidentified socket; false when its address is over the limit. */
  boolean admit(WebSocketSession socket) {
    Object address = socket.getAttributes().get(ADDRESS);
    Pending ticket = admit(address instanceof String a ? a : "unknown");
    if (ticket == null) {
      return false;
    }
    socket.getAttributes().put(PENDING, ticket);
    return true;
  }

  /** The socket identified or closed: it no longer counts against its address. */
  static void settle(WebSocketSession socket) {
    if (socket.getAttributes().get(PENDING) instanceof Pending ticket) {
      ticket.settle();
    }
  }

  /** Unidentified sockets of {@code address} now. */
  int pendingOf(String address) {
    return pending.getOrDefault(address, 0);
  }
}
