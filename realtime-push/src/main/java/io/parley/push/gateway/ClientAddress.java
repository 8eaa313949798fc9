package io.parley.push.gateway;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.http.server.ServerHttpRequest;

/**
 * The address a handshake comes from, by the rule of the REST side (ADR 0012): the TCP peer, unless
 * the peer is a trusted proxy ({@code parley.http.trusted-proxies}, loopback by default); then the
 * right-most {@code X-Forwarded-For} hop that is not a trusted proxy (a client can prepend
 * anything, but not what the proxy appends).
 */
final class ClientAddress {
  private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private final Set<String> trustedProxies;

  ClientAddress(String trustedProxies) {
    this.trustedProxies =
        Arrays.stream(trustedProxies.split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
  }

  String of(ServerHttpRequest request) {
    InetSocketAddress remote = request.getRemoteAddress();
    String peer =
        remote == null || remote.getAddress() == null
            ? "unknown"
            : remote.getAddress().getHostAddress();
    return of(peer, String.join(",", request.getHeaders().getOrEmpty("X-Forwarded-For")));
  }

  String of(String peer, String forwardedFor) {
    if (forwardedFor == null || forwardedFor.isBlank() || !trustedProxies.contains(peer)) {
      return peer;
    }
    String[] hops = forwardedFor.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (!hop.isEmpty() && !trustedProxies.contains(hop)) {
        return ADDRESS.matcher(hop).matches() ? hop : peer;
      }
    }
    return peer;
  }
}
