package dev.plinth.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientRateLimitsTest {

  @Test
  void aClientGetsItsLimitPerWindowAndIsToldWhenToComeBack() {
    ClientRateLimits limits = new ClientRateLimits();
    long t0 = 1_000_000;
    for (int i = 0; i < 3; i++) {
      assertThat(limits.count("a", 3, 60_000, t0 + i)).isZero();
    }
    assertThat(limits.count("a", 3, 60_000, t0 + 10)).isEqualTo(60);
    assertThat(limits.count("a", 3, 60_000, t0 + 30_000)).isEqualTo(30);
    // another client is counted on its own
    assertThat(limits.count("b", 3, 60_000, t0 + 30_000)).isZero();
    // a new window starts afresh
    assertThat(limits.count("a", 3, 60_000, t0 + 60_000)).isZero();
  }

  @Test
  void ipv6ClientsShareABucketPerSlash64AndIpv4ClientsArePerAddress() {
    assertThat(ClientRateLimits.clientKey("2001:db8:1:2:aaaa::1"))
        .isEqualTo(ClientRateLimits.clientKey("2001:db8:1:2:ffff:ffff:ffff:fffe"))
        .isEqualTo(ClientRateLimits.clientKey("2001:0db8:0001:0002:0:0:0:9"))
        .isEqualTo(ClientRateLimits.clientKey("[2001:db8:1:2::7]"))
        .isEqualTo(ClientRateLimits.clientKey("2001:db8:1:2::7%eth0"));
    assertThat(ClientRateLimits.clientKey("2001:db8:1:2::1"))
        .isNotEqualTo(ClientRateLimits.clientKey("2001:db8:1:3::1"))
        .isNotEqualTo(ClientRateLimits.clientKey("2001:db8:2:2::1"));
    assertThat(ClientRateLimits.clientKey("203.0.113.7"))
        .isEqualTo("203.0.113.7")
        .isNotEqualTo(ClientRateLimits.clientKey("203.0.113.8"));
    // an IPv4 client seen through an IPv4-mapped IPv6 address is still one address
    assertThat(ClientRateLimits.clientKey("::ffff:203.0.113.7")).isEqualTo("203.0.113.7");
    // what is not an address at all is its own key, never a lookup
    assertThat(ClientRateLimits.clientKey("unknown")).isEqualTo("unknown");
  }
}
