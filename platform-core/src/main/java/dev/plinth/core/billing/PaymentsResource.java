package dev.plinth.core.billing;

import com.stripe.model.Refund;
import dev.plinth.core.api.ListWindow;
import dev.plinth.core.tenant.Tenant;
import dev.plinth.core.tenant.TenantAccess;
import dev.plinth.spi.web.ApiException;
import dev.plinth.spi.web.Ids;
import dev.plinth.spi.web.JsonBody;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** A tenant's payments, and refunds it starts through Stripe. */
@Path("t/{slug}/payments")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class PaymentsResource {

  @Inject TenantAccess access;

  @Inject PaymentQueries payments;

  @Inject StripeBillingService billing;

  @GET
  public JsonObject list(
      @PathParam("slug") String slug,
      @QueryParam("limit") @DefaultValue("100") int limit,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("before") String before) {
    Tenant t = access.requireOwnerOf(slug);
    if (limit < 1 || limit > 500) {
      throw ApiException.invalid("limit", "limit must be between 1 and 500");
    }
    return payments.page(t, ListWindow.of(from, to, before), limit).build();
  }

  /** A full refund, or a partial one with {@code {"amount": <minor units>}}. */
  @POST
  @Path("{id}/refund")
  @Consumes(MediaType.WILDCARD)
  @APIResponse(responseCode = "201", description = "the refund Stripe made")
  public Response refund(@PathParam("slug") String slug, @PathParam("id") String id, String body) {
    Tenant t = access.requireOwnerOf(slug);
    UUID paymentId = Ids.parse(id, "payment");
    Long amount = null;
    if (body != null && !body.isBlank()) {
      amount =
          JsonBody.parse(body)
              .allowOnly(java.util.Set.of("amount"))
              .optionalWholeNumber("amount")
              .orElse(null);
      if (amount != null && amount <= 0) {
        throw ApiException.invalid("amount", "amount must be positive");
      }
    }
    Object[] p =
        payments.find(t, paymentId).orElseThrow(() -> ApiException.notFound("no payment " + id));
    long paid = p[4] == null ? 0 : ((Number) p[4]).longValue();
    long refunded = ((Number) p[5]).longValue();
    long refundable = paid - refunded;
    if (refundable <= 0) {
      throw ApiException.conflict("already_refunded", "nothing is left to refund");
    }
    if (amount != null && amount > refundable) {
      throw ApiException.invalid(
          "amount", "amount is more than the " + refundable + " left to refund");
    }
    long value = amount == null ? refundable : amount;
    Refund refund =
        billing.refund(
            t,
            (String) p[1],
            value,
            "plinth-refund-" + t.id() + "-" + p[1] + "-" + refunded + "-" + value);
    return Response.status(Response.Status.CREATED)
        .entity(
            Json.createObjectBuilder()
                .add("refundId", refund.getId())
                .add("status", String.valueOf(refund.getStatus()))
                .add("amount", value)
                .add("paymentId", id)
                .build())
        .build();
  }
}
