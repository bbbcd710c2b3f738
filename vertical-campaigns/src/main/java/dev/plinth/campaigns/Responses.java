package dev.plinth.campaigns;

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
      @Schema(description = "left out when open-ended") Integer runDays) {}

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
      @Schema(description = "left out when open-ended") Instant endsAt) {}

  public record CampaignList(List<CampaignView> campaigns) {}

  public record AppointmentView(
      UUID id, UUID campaignId, String customerName, Instant at, String notes) {}

  public record AppointmentList(List<AppointmentView> appointments) {}

  public record PortalCustomer(
      String businessName,
      String city,
      String state,
      @Schema(description = "only in the whole portal") String email) {}

  public record PortalCampaign(
      UUID id, String name, CampaignStatus status, Instant launchAt, long hoursUntilLaunch) {}

  public record PortalStats(long campaigns, long active, long appointments) {}

  @Schema(
      description =
          "The contractor's portal: what one Checkout Session bought (scope session), or the"
              + " customer's whole portal (scope customer).")
  public record PortalView(
      @Schema(enumeration = {"session", "customer"}) String scope,
      PortalCustomer customer,
      List<PortalCampaign> campaigns,
      PortalStats stats) {}

  @Schema(description = "The session's payment is still being processed.")
  public record Processing(@Schema(enumeration = "processing") String status) {}
}
