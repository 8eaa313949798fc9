package io.parley.push.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which address a handshake counts against, and how unidentified sockets are counted. */
class SocketLimitAddressTest {
  private final ClientAddress addresses = new ClientAddress("127.0.0.1, ::1, 10.0.0.2");

  @Test
  void aDirectClientIsItsPeerWhateverItForwards() {
    assertThat(addresses.of("198.51.100.4", "203.0.113.9")).isEqualTo("198.51.100.4");
    assertThat(addresses.of("198.51.100.4", null)).isEqualTo("198.51.100.4");
  }

  @Test
  void behindTrustedProxiesTheClientIsTheRightMostHopThatIsNoProxy() {
    assertThat(addresses.of("127.0.0.1", "203.0.113.9")).isEqualTo("203.0.113.9");
    assertThat(addresses.of("127.0.0.1", "1.2.3.4, 203.0.113.9, 10.0.0.2"))
        .as("a prepended hop is the client's own claim and is ignored")
        .isEqualTo("203.0.113.9");
    assertThat(addresses.of("::1", "2001:db8::7")).isEqualTo("2001:db8::7");
  }

  @Test
  void aForwardedHopThatIsNoAddressLeavesThePeer() {
    assertThat(addresses.of("127.0.0.1", "evil<script>")).isEqualTo("127.0.0.1");
    assertThat(addresses.of("127.0.0.1", " , ")).isEqualTo("127.0.0.1");
    assertThat(addresses.of("127.0.0.1", "127.0.0.1")).isEqualTo("127.0.0.1");
  }

  @Test
  void anAddressGetsAsManyTicketsAsItsLimitAndOneMoreOnceATicketIsSettled() {
    HandshakeLimiter limiter = new HandshakeLimiter(addresses, 3);
    HandshakeLimiter.Pending first = limiter.admit("203.0.113.9");
    assertThat(limiter.admit("203.0.113.9")).isNotNull();
    assertThat(limiter.admit("203.0.113.9")).isNotNull();
    assertThat(limiter.admit("203.0.113.9")).isNull();
    assertThat(limiter.admit("203.0.113.10")).as("other addresses are separate").isNotNull();

    first.settle();
    first.settle(); // once only
    assertThat(limiter.pendingOf("203.0.113.9")).isEqualTo(2);
    assertThat(limiter.admit("203.0.113.9")).isNotNull();
    assertThat(limiter.admit("203.0.113.9")).isNull();
  }
}
