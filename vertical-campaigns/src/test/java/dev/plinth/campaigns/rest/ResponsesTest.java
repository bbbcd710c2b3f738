package dev.plinth.campaigns.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CampaignsResourceTest {

  @Test
  void hoursUntilLaunchRoundUpAndStopAtZero() {
    assertThat(CampaignsResource.hours(java.time.Duration.ofHours(72).toSeconds())).isEqualTo(72);
    assertThat(CampaignsResource.hours(71 * 3600 + 1)).isEqualTo(72);
    assertThat(CampaignsResource.hours(1)).isEqualTo(1);
    assertThat(CampaignsResource.hours(0)).isZero();
    assertThat(CampaignsResource.hours(-5)).isZero();
  }
}
