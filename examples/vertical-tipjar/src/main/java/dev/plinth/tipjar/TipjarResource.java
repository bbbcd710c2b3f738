package dev.plinth.tipjar;

import dev.plinth.spi.RateLimits;
import dev.plinth.spi.TenantContext;
import dev.plinth.spi.billing.BillingService;
import dev.plinth.spi.billing.CheckoutIntent;
import dev.plinth.spi.billing.CheckoutLine;
import dev.plinth.spi.billing.CheckoutRequest;
import dev.plinth.spi.web.Created;
import dev.plinth.spi.web.TenantArea;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code /api/t/{slug}/tipjar}: anyone may leave a tip and see the paid ones. */
@Path(TenantArea.PATH + TipjarModule.ID)
@TenantArea
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class TipjarResource {

  @Inject TenantContext tenant;

  @Inject BillingService billing;

  @Inject RateLimits rateLimits;

  @Inject Tips tips;

  @Schema(description = "A tip to pay")
  public record NewTip(
      @Schema(required = true, minimum = "100", maximum = "100000", description = "usd cents")
          Long amount,
      @Schema(required = true, maxLength = 80, description = "who tips") String name,
      @Schema(maxLength = 280, description = "may be empty") String message) {
    public NewTip {
      message = Objects.requireNonNullElse(message, "");
    }
  }

  @Schema(description = "A tip whose checkout is open: send the customer to checkoutUrl")
  public record Started(UUID tipId, String sessionId, String checkoutUrl) {}

  @Schema(description = "A paid tip")
  public record PaidTip(
      long amount, String currency, String name, String message, Instant paidAt) {}

  public record PaidTips(List<PaidTip> tips) {}

  @POST
  @Path("tips")
  @Consumes(MediaType.APPLICATION_JSON)
  @Created("the tip is recorded, unpaid")
  public Started tip(NewTip body) {
    rateLimits.perClient("tipjar.tips", 10, Duration.ofMinutes(1));
    var started =
        billing.checkout(
            CheckoutIntent.of(
                () -> tips.create(body.amount(), "usd", body.name(), body.message()),
                tip ->
                    CheckoutRequest.payment(tip.id().toString())
                        .line(CheckoutLine.item("Tip from " + body.name(), body.amount(), "usd"))
                        .successUrl(tenant.pageUrl("") + "?thanks=1")
                        .cancelUrl(tenant.pageUrl(""))
                        .expiresIn(CheckoutRequest.MIN_EXPIRY)
                        .build(),
                (tip, session) -> tips.attach(tip.id(), session.id()),
                tip -> tips.dropUnpaid(tip.id())));
    return new Started(started.recorded().id(), started.session().id(), started.session().url());
  }

  @GET
  @Path("tips")
  public PaidTips paid() {
    return new PaidTips(tips.paid(50).stream().map(Tip::view).toList());
  }
}
