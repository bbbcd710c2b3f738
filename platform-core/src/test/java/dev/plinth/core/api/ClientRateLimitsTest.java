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
}
