package dev.plinth.campaigns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.spi.Refusal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A campaign's lifecycle, as the lifecycle job, the tenant and a refund move it. */
class CampaignTest {

  static final Instant PAID = Instant.parse("2026-11-30T12:00:00Z");

  static Campaign campaign(Long runDays) {
    Purchase p = PurchaseTest.purchase();
    return new Campaign(
        p,
        new CampaignsResource.PackageChange("Winter Special", 49900L, "usd", 72L, runDays),
        UUID.randomUUID(),
        CampaignServiceTest.facts("pi_1", PAID),
        PAID);
  }

  @Test
  void itLaunchesAfterTheDelayAndCompletesAfterItsRun() {
    Campaign c = campaign(30L);
    assertThat(c.view().name()).isEqualTo("Winter Special for Mike's Windows LLC");
    assertThat(c.view().launchAt()).isEqualTo(PAID.plus(Duration.ofHours(72)));
    c.advance(PAID.plus(Duration.ofHours(71)));
    assertThat(c.status()).isEqualTo(CampaignStatus.scheduled);
    c.advance(PAID.plus(Duration.ofHours(73)));
    assertThat(c.status()).isEqualTo(CampaignStatus.active);
    assertThat(c.view().endsAt()).isEqualTo(c.view().launchAt().plus(Duration.ofDays(30)));
    c.advance(c.view().endsAt());
    assertThat(c.status()).isEqualTo(CampaignStatus.completed);
  }

  @Test
  void aJobThatRunsLateLaunchesAndCompletesAtOnceButAnOpenEndedOneRuns() {
    Campaign late = campaign(1L);
    late.advance(PAID.plus(Duration.ofDays(10)));
    assertThat(late.status()).isEqualTo(CampaignStatus.completed);
    Campaign open = campaign(null);
    open.advance(PAID.plus(Duration.ofDays(400)));
    assertThat(open.status()).isEqualTo(CampaignStatus.active);
    assertThat(open.view().endsAt()).isNull();
  }

  @Test
  void theTenantMovesItOnlyFromStatesThatAllowIt() {
    Campaign c = campaign(30L);
    assertThatThrownBy(() -> c.act("pause", PAID))
        .isInstanceOfSatisfying(
            Refusal.class, r -> assertThat(r.code()).isEqualTo("invalid_transition"));
    c.advance(c.view().launchAt());
    c.act("pause", PAID);
    assertThat(c.status()).isEqualTo(CampaignStatus.paused);
    c.advance(c.view().endsAt());
    assertThat(c.status())
        .as("a paused campaign is not completed")
        .isEqualTo(CampaignStatus.paused);
    c.act("resume", PAID);
    c.act("cancel", PAID);
    assertThat(c.status()).isEqualTo(CampaignStatus.cancelled);
  }

  @Test
  void aRefundCancelsItOnlyBeforeLaunch() {
    Campaign before = campaign(30L);
    before.refunded(PAID);
    assertThat(before.status()).isEqualTo(CampaignStatus.cancelled);
    Campaign launched = campaign(30L);
    launched.advance(launched.view().launchAt());
    launched.refunded(PAID);
    assertThat(launched.status()).isEqualTo(CampaignStatus.active);
  }

  @Test
  void itsBuyerSeesTheWholeHoursUntilLaunchRoundedUpAndNoneOnceLaunched() {
    Campaign c = campaign(30L);
    Instant launch = PAID.plus(Duration.ofHours(72));
    assertThat(c.portalView(PAID).hoursUntilLaunch()).isEqualTo(72);
    assertThat(c.portalView(PAID.plusSeconds(3599)).hoursUntilLaunch()).isEqualTo(72);
    assertThat(c.portalView(launch.minusSeconds(1)).hoursUntilLaunch()).isEqualTo(1);
    assertThat(c.portalView(launch).hoursUntilLaunch()).isZero();
    assertThat(c.portalView(launch.plusSeconds(5)).hoursUntilLaunch()).isZero();
    assertThat(c.portalView(launch.plus(Duration.ofHours(3))).hoursUntilLaunch()).isZero();
    c.advance(launch);
    assertThat(c.portalView(PAID).hoursUntilLaunch()).as("launched").isZero();
  }
}
