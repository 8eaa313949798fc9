package io.parley.command.account;

import jakarta.servlet.http.HttpServletRequest;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
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

  /**
   * The block an address is throttled as: an IPv4 address itself, an IPv6 address's /64 (one
   * subscriber usually holds a whole /64, so counting single IPv6 addresses would count nothing).
   * Only literals reach here (see {@link #ADDRESS}), and only ones with a colon are parsed, so this
   * never resolves a name.
   */
  static String block(String address) {
    if (address == null || address.indexOf(':') < 0) {
      return String.valueOf(address);
    }
    try {
      // brackets make it an IPv6 literal or an error, never a host name to look up
      InetAddress parsed = InetAddress.getByName("[" + address + "]");
      if (!(parsed instanceof Inet6Address)) {
        return parsed.getHostAddress(); // an IPv4-mapped IPv6 address
      }
      byte[] bytes = parsed.getAddress();
      StringBuilder prefix = new StringBuilder();
      for (int i = 0; i < 8; i += 2) {
        prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff)));
        prefix.append(':');
      }
      return prefix.append(":/64").toString();
    } catch (UnknownHostException e) {
      return address;
    }
  }
}
