package io.parley.command.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Throttling counts an IPv4 address by itself and an IPv6 address by its /64 (ADR 0012). */
class ClientAddressesTest {
  @Test
  void anIpv4AddressIsItsOwnBlock() {
    assertThat(ClientAddresses.block("203.0.113.7")).isEqualTo("203.0.113.7");
  }

  @Test
  void everyIpv6AddressOfOneSlash64IsOneBlockHoweverItIsWritten() {
    String block = ClientAddresses.block("2001:db8:a:b::1");
    assertThat(block).isEqualTo("2001:db8:a:b::/64");
    assertThat(ClientAddresses.block("2001:0DB8:000A:000B:ffff:ffff:ffff:ffff")).isEqualTo(block);
    assertThat(ClientAddresses.block("2001:db8:a:c::1")).isNotEqualTo(block);
  }

  @Test
  void anIpv4MappedIpv6AddressIsTheIpv4Address() {
    assertThat(ClientAddresses.block("::ffff:203.0.113.7")).isEqualTo("203.0.113.7");
  }

  @Test
  void somethingThatIsNoAddressIsKeptAsItIsAndNeverLookedUp() {
    assertThat(ClientAddresses.block("cafe:beef.be")).isEqualTo("cafe:beef.be");
    assertThat(ClientAddresses.block("::1")).isEqualTo("0:0:0:0::/64");
  }
}
