package dev.plinth.campaigns.rest;

import dev.plinth.campaigns.application.PortalService;
import dev.plinth.campaigns.domain.Appointment;
import dev.plinth.campaigns.domain.Campaign;
import dev.plinth.campaigns.domain.CampaignPackage;
import dev.plinth.campaigns.domain.CampaignStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The bodies the API answers with, written by JSON-B; a null field is left out. */
public final class Responses {

  private Responses() {}

  @Schema(description = "A package; the price in minor units.")
  public record PackageView(
      String code,
      String name,
      long priceAmount,
      String currency,
      int launchDelayHours,
      @Schema(description = "left out when open-ended") Integer runDays) {

    static PackageView of(CampaignPackage p) {
      return new PackageView(
          p.code(), p.name(), p.priceAmount(), p.currency(), p.launchDelayHours(), p.runDays());
    }
  }

  public record PackageList(List<PackageView> packages) {}

  @Schema(description = "Where the contractor pays.")
  public record CheckoutStarted(String sessionId, String url) {}

  @Schema(description = "A campaign, as the tenant sees it.")
  public record CampaignView(
      UUID id,
      UUID customerId,
      String packageCode,
      String name,
      CampaignStatus status,
      String checkoutSessionId,
      Instant launchAt,
      Instant createdAt,
      @Schema(description = "left out when open-ended") Instant endsAt) {

    static CampaignView of(Campaign c) {
      return new CampaignView(
          c.id(),
          c.customerId(),
          c.packageCode(),
          c.name(),
          c.status(),
          c.checkoutSessionId(),
          c.launchAt(),
          c.createdAt(),
          c.endsAt());
    }
  }

  public record CampaignList(List<CampaignView> campaigns) {}

  public record AppointmentView(
      UUID id, UUID campaignId, String customerName, Instant at, String notes) {

    static AppointmentView of(Appointment a) {
      return new AppointmentView(a.id(), a.campaignId(), a.customerName(), a.at(), a.notes());
    }
  }

  public record AppointmentList(List<AppointmentView> appointments) {}

  public record PortalCustomer(
      String businessName,
      String city,
      String state,
      @Schema(description = "only in the whole portal") String email) {}

  public record PortalCampaign(
      UUID id, String name, CampaignStatus status, Instant launchAt, long hoursUntilLaunch) {

    static PortalCampaign of(Campaign c, Instant now) {
      return new PortalCampaign(c.id(), c.name(), c.status(), c.launchAt(), hoursUntil(c, now));
    }
  }

  public record PortalStats(long campaigns, long active, long appointments) {}

  @Schema(
      description =
          "The contractor's portal: what one Checkout Session bought (scope session), or the"
              + " customer's whole portal (scope customer).")
  public record PortalView(
      @Schema(enumeration = {"session", "customer"}) String scope,
      PortalCustomer customer,
      List<PortalCampaign> campaigns,
      PortalStats stats) {

    static PortalView of(PortalService.Portal p, String scope, Instant now) {
      return new PortalView(
          scope,
          new PortalCustomer(p.businessName(), p.city(), p.state(), p.email().orElse(null)),
          p.campaigns().stream().map(c -> PortalCampaign.of(c, now)).toList(),
          new PortalStats(
              p.campaigns().size(),
              p.campaigns().stream().filter(k -> k.status() == CampaignStatus.active).count(),
              p.appointments()));
    }
  }

  @Schema(description = "The session's payment is still being processed.")
  public record Processing(@Schema(enumeration = "processing") String status) {}

  @Schema(description = "Said whether or not a customer has this email.")
  public record LinkSent(
      @Schema(enumeration = "sent") String status, String message, long linkMinutes) {}

  /** Whole hours until a scheduled campaign launches, rounded up; 0 once it has. */
  static long hoursUntil(Campaign c, Instant now) {
    return c.status() == CampaignStatus.scheduled
        ? hours(Duration.between(now, c.launchAt()).toSeconds())
        : 0;
  }

  /** Seconds as whole hours, rounded up; never below zero. */
  static long hours(long seconds) {
    return seconds <= 0 ? 0 : (seconds + 3599) / 3600;
  }
}
