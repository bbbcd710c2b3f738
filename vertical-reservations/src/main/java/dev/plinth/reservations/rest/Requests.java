package dev.plinth.reservations.rest;

import dev.plinth.reservations.domain.Item;
import dev.plinth.reservations.domain.Reservation;
import dev.plinth.spi.web.Fields;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The bodies the API reads. The host reads each with JSON-B, refusing unknown fields and values of
 * the wrong JSON type; each compact constructor checks the values in field order, so the first bad
 * field is the one a 400 names.
 */
public final class Requests {

  private Requests() {}

  @Schema(description = "What a tenant says about an item; amounts in minor units.")
  public record ItemRequest(
      @Schema(required = true, maxLength = 200) String name,
      @Schema(maxLength = 5000, description = "empty when left out") String description,
      @Schema(required = true, minimum = "1") Long priceAmount,
      @Schema(required = true, minimum = "1", description = "at most priceAmount")
          Long depositAmount,
      @Schema(required = true, example = "usd", description = "ISO 4217") String currency) {

    public ItemRequest {
      name = Fields.text("name", name, 200);
      description = Fields.optionalText("description", description, 5000);
      Fields.positive("priceAmount", priceAmount);
      Fields.positive("depositAmount", depositAmount);
      currency = Fields.currency("currency", currency);
    }

    Item.ItemDetails details() {
      return new Item.ItemDetails(
          name, description == null ? "" : description, priceAmount, depositAmount, currency);
    }
  }

  @Schema(
      description =
          "A customer's deposit. The return URLs default to the reservation's page and the item's;"
              + " only URLs back to Plinth or to the tenant's own redirect origins are accepted.")
  public record DepositRequest(
      @Schema(required = true, format = "email") String email,
      @Schema(required = true, maxLength = 200) String name,
      @Schema(maxLength = 40) String phone,
      @Schema(maxLength = 2000, format = "uri") String successUrl,
      @Schema(maxLength = 2000, format = "uri") String cancelUrl) {

    public DepositRequest {
      email = Fields.email("email", email);
      name = Fields.text("name", name, 200);
      phone = Fields.optionalText("phone", phone, 40);
      successUrl = Fields.optionalText("successUrl", successUrl, 2000);
      cancelUrl = Fields.optionalText("cancelUrl", cancelUrl, 2000);
    }

    Reservation.Customer customer() {
      return new Reservation.Customer(email, name, phone);
    }
  }
}
