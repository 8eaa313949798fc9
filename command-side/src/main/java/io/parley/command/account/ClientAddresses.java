package io.parley.command.account;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The address a request comes from, for per-address throttling. Behind the router the peer is the
 * proxy, so {@code X-Forwarded-For} is believed only when the peer is a trusted proxy, and then the
 * right-most hop that is not a trusted proxy is the client (a client can prepend anything it likes,
 * but not what the proxy appends).
 */
@Component
class ClientAddresses {
  private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private final Set<String> trustedProxies;

  ClientAddresses(
      @Value("${parley.http.trusted-proxies:127.0.0.1,0:0:0:0:0:0:0:1,::1}") String trusted) {
    this.trustedProxies =
        Arrays.stream(trusted.split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
  }

  String of(HttpServletRequest request) {
    String peer = request.getRemoteAddr();
    String forwarded = request.getHeader("X-Forwarded-For");
    if (forwarded == null || !trustedProxies.contains(peer)) {
      return peer;
    }
    String[] hops = forwarded.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (!hop.isEmpty() && !trustedProxies.contains(hop)) {
        return ADDRESS.matcher(hop).matches() ? hop : peer;
      }
    }
    return peer;
  }
}
