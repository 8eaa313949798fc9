package io.parley.push.gateway;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.WebUtils;

/**
 * Judges the handshake's {@code Origin}: allowed when absent (a program, not a browser), when it is
 * the server's own origin, or when listed in {@code parley.gateway.allowed-origins}. The verdict is
 * only recorded: the contract closes a refused socket with 4008 after the handshake, which a
 * browser client can tell apart from a network failure (a refused handshake it cannot).
 */
final class OriginPolicy implements HandshakeInterceptor {
  static final String ALLOWED = "parley.origin-allowed";

  private final List<String> allowedOrigins;

  OriginPolicy(List<String> allowedOrigins) {
    this.allowedOrigins = allowedOrigins;
  }

  @Override
  public boolean beforeHandshake(
      ServerHttpRequest request,
      ServerHttpResponse response,
      WebSocketHandler handler,
      Map<String, Object> attributes) {
    attributes.put(ALLOWED, allows(request));
    return true;
  }

  private boolean allows(ServerHttpRequest request) {
    String origin = request.getHeaders().getFirst(HttpHeaders.ORIGIN);
    if (origin == null) {
      return true;
    }
    if (allowedOrigins.contains("*") || allowedOrigins.contains(origin)) {
      return true;
    }
    try {
      return WebUtils.isSameOrigin(request);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  public void afterHandshake(
      ServerHttpRequest request,
      ServerHttpResponse response,
      WebSocketHandler handler,
      Exception exception) {}
}
