package dev.plinth.campaigns.rest;

import dev.plinth.campaigns.domain.CampaignPackage;
import dev.plinth.campaigns.domain.Purchase;
import dev.plinth.spi.web.Fields;
import java.time.Instant;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The bodies the API reads. The host reads each with JSON-B, refusing unknown fields and values of
 * the wrong JSON type; each compact constructor checks the values in field order, so the first bad
 * field is the one a 400 names.
 */
public final class Requests {

  private Requests() {}

  @Schema(
      description = "A new package: its code, and the fields of PackageChange, checked as there.",
      requiredProperties = {"code", "name", "priceAmount", "currency"})
  public record PackageRequest(
      @Schema(maxLength = 40, pattern = "[a-z0-9][a-z0-9-]{0,39}") String code,
      String name,
      Long priceAmount,
      String currency,
      Long launchDelayHours,
      Long runDays) {

    public PackageRequest {
      code =
          Fields.matching(
              "code",
              code,
              40,
              "[a-z0-9][a-z0-9-]{0,39}",
              "is lowercase letters, digits and dashes");
      PackageChange checked =
          new PackageChange(name, priceAmount, currency, launchDelayHours, runDays);
      name = checked.name();
      currency = checked.currency();
    }

    CampaignPackage.Details details() {
      return new PackageChange(name, priceAmount, currency, launchDelayHours, runDays).details();
    }
  }

  @Schema(description = "A package's new details; its code stays.")
  public record PackageChange(
      @Schema(required = true, maxLength = 200) String name,
      @Schema(required = true, minimum = "1") Long priceAmount,
      @Schema(required = true, example = "usd", description = "ISO 4217") String currency,
      @Schema(minimum = "0", maximum = "8760", defaultValue = "72") Long launchDelayHours,
      @Schema(minimum = "1", maximum = "3650", description = "open-ended when left out")
          Long runDays) {

    public PackageChange {
      name = Fields.text("name", name, 200);
      Fields.positive("priceAmount", priceAmount);
      currency = Fields.currency("currency", currency);
      Fields.optionalRange("launchDelayHours", launchDelayHours, 0, 8760);
      Fields.optionalRange("runDays", runDays, 1, 3650);
    }

    CampaignPackage.Details details() {
      return new CampaignPackage.Details(
          name,
          priceAmount,
          currency,
          launchDelayHours == null ? 72 : launchDelayHours.intValue(),
          runDays == null ? null : runDays.intValue());
    }
  }

  @Schema(
      description =
          "A contractor buys a package. Only return URLs back to Plinth or to the tenant's own"
              + " redirect origins are accepted.")
  public record CheckoutRequest(
      @Schema(required = true, maxLength = 40) String packageCode,
      @Schema(required = true, maxLength = 200) String businessName,
      @Schema(required = true, format = "email") String email,
      @Schema(required = true, maxLength = 100) String city,
      @Schema(required = true, pattern = "[A-Za-z]{2}", example = "TX") String state,
      @Schema(maxLength = 2000, format = "uri") String successUrl,
      @Schema(maxLength = 2000, format = "uri") String cancelUrl) {

    public CheckoutRequest {
      packageCode = Fields.text("packageCode", packageCode, 40);
      businessName = Fields.text("businessName", businessName, 200);
      email = Fields.email("email", email);
      city = Fields.text("city", city, 100);
      state =
          Fields.matching("state", state, 100, "[A-Za-z]{2}", "is a two-letter code, such as TX")
              .toUpperCase(Locale.ROOT);
      successUrl = Fields.optionalText("successUrl", successUrl, 2000);
      cancelUrl = Fields.optionalText("cancelUrl", cancelUrl, 2000);
    }

    Purchase.Buyer buyer() {
      return new Purchase.Buyer(businessName, email, city, state);
    }
  }

  @Schema(description = "An appointment booked through a campaign.")
  public record AppointmentRequest(
      @Schema(required = true, maxLength = 200) String customerName,
      @Schema(required = true, example = "2026-12-01T15:00:00Z") Instant at,
      @Schema(maxLength = 2000) String notes) {

    public AppointmentRequest {
      customerName = Fields.text("customerName", customerName, 200);
      Fields.required("at", at);
      notes = Fields.optionalText("notes", notes, 2000);
    }
  }

  @Schema(description = "Asks for a link to the whole portal, sent to this email.")
  public record PortalLinkRequest(@Schema(required = true, format = "email") String email) {

    public PortalLinkRequest {
      email = Fields.email("email", email);
    }
  }

  @Schema(description = "The token of an emailed portal link.")
  public record RedeemRequest(@Schema(required = true, maxLength = 400) String token) {

    public RedeemRequest {
      token = Fields.text("token", token, 400);
    }
  }
}
