package dev.plinth.analyses;

import dev.plinth.spi.Actor;
import dev.plinth.spi.EndUser;
import dev.plinth.spi.TenantContext;
import dev.plinth.spi.UserDirectory;
import dev.plinth.spi.billing.BillingService;
import dev.plinth.spi.billing.CheckoutLine;
import dev.plinth.spi.billing.CheckoutRequest;
import dev.plinth.spi.billing.CheckoutSession;
import dev.plinth.spi.billing.Subscription;
import dev.plinth.spi.web.ApiException;
import dev.plinth.spi.web.Created;
import dev.plinth.spi.web.OwnerOnly;
import dev.plinth.spi.web.Params;
import dev.plinth.spi.web.TenantArea;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.StringReader;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code /api/t/{slug}/analyses}: the tiers for anyone; a user's subscription, usage and analyses
 * for the user's session token or the tenant's key acting for the user; the tenant's views.
 */
@Path(TenantArea.PATH + AnalysesModule.ID)
@TenantArea
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AnalysesResource {

  @Inject TenantContext tenant;

  @Inject UserDirectory directory;

  @Inject BillingService billing;

  @Inject Tiers tiers;

  @Inject Subscribers subscribers;

  @Inject Analyses analyses;

  @Inject Clock clock;

  @Schema(description = "A tier: a monthly limit of analyses (null: unlimited) and its price")
  @JsonbNillable
  public record TierView(
      String code,
      String name,
      Integer monthlyLimit,
      long priceAmount,
      String currency,
      String priceId,
      @Schema(description = "when the tier stopped being offered; null while it is")
          Instant retiredAt) {}

  public record TierList(List<TierView> tiers) {}

  @Schema(
      description = "A new paid tier: its code, name, monthly limit (null: unlimited) and price")
  public record NewTier(
      @Schema(required = true, maxLength = 30, pattern = "^[a-z][a-z0-9_-]{0,29}$") String code,
      @Schema(required = true, maxLength = 80) String name,
      @Schema(minimum = "0", maximum = "1000000") Integer monthlyLimit,
      @Schema(required = true, minimum = "1", maximum = "10000000") Long priceAmount) {
    public NewTier {
      if (!code.matches("[a-z][a-z0-9_-]{0,29}")) {
        throw ApiException.invalid(
            "code", "code must be a lowercase letter, then lowercase letters, digits, - or _");
      }
    }
  }

  @Schema(description = "A tier's name, monthly limit (null: unlimited) and price in usd cents")
  public record TierChange(
      @Schema(required = true, maxLength = 80) String name,
      @Schema(minimum = "0", maximum = "1000000") Integer monthlyLimit,
      @Schema(required = true, minimum = "0", maximum = "10000000") Long priceAmount) {}

  @Schema(description = "Analyses used this period; limit and remaining are null when unlimited")
  @JsonbNillable
  public record Usage(long used, Integer limit, Long remaining, Instant resetsAt) {}

  @Schema(description = "A user's tier, subscription status and usage")
  @JsonbNillable
  public record UserView(
      String userRef,
      String tier,
      @Schema(description = "the tier's name, as the tenant calls it") String tierName,
      String status,
      Instant currentPeriodEnd,
      boolean cancelAtPeriodEnd,
      Usage usage) {}

  @Schema(description = "A tier to subscribe or move to")
  public record TierChoice(@Schema(required = true, maxLength = 30) String tier) {}

  @Schema(description = "Whether the subscription ends when its paid period does, or at once")
  public record Cancel(@Schema(required = true) Boolean atPeriodEnd) {}

  @Schema(description = "A subscription checkout: send the user to url")
  public record SubscriptionCheckout(String sessionId, String url) {}

  @Schema(description = "A Stripe billing portal where the user manages their card")
  public record PortalSession(String url) {}

  @Schema(description = "An address to record the analysis of, with its result")
  public record NewAnalysis(
      @Schema(required = true, maxLength = 500) String address,
      @Schema(required = true, description = "the result, a JSON object") JsonObject data) {}

  @Schema(description = "An analysis of an address")
  public record AnalysisView(UUID id, String address, JsonObject data, Instant createdAt) {}

  public record AnalysisList(List<AnalysisView> analyses) {}

  @Schema(description = "A user as the tenant's view lists it")
  public record UserRow(
      String userRef, String tier, String status, Instant currentPeriodEnd, Instant lastSeenAt) {}

  @Schema(description = "A page of users; nextAfter asks for the next one")
  @JsonbNillable
  public record UserList(List<UserRow> users, String nextAfter) {}

  @Schema(description = "Monthly recurring revenue of one tier, from its subscriptions")
  public record TierRevenue(String tier, long subscribers, long mrr) {}

  public record Revenue(String currency, long mrr, List<TierRevenue> tiers) {

    /** What the paying users pay each month, by paid tier (retired ones too). */
    static Revenue of(List<Tier> tiers, List<Subscribers.Headcount> headcounts) {
      Map<String, Long> paying =
          headcounts.stream()
              .filter(h -> h.status().isPaying())
              .collect(
                  Collectors.groupingBy(
                      Subscribers.Headcount::tier,
                      Collectors.summingLong(Subscribers.Headcount::users)));
      List<TierRevenue> rows =
          tiers.stream()
              .filter(Tier::isPaid)
              .map(
                  t -> {
                    long n = paying.getOrDefault(t.code(), 0L);
                    return new TierRevenue(t.code(), n, n * t.priceAmount());
                  })
              .toList();
      return new Revenue("usd", rows.stream().mapToLong(TierRevenue::mrr).sum(), rows);
    }
  }

  @Schema(description = "A subscription payment that failed")
  public record FailedPayment(
      String invoiceId,
      int attempt,
      String userRef,
      Long amount,
      String currency,
      Instant failedAt,
      Instant nextAttempt) {}

  public record FailedPayments(List<FailedPayment> payments) {}

  @GET
  @Path("tiers")
  @Operation(summary = "The tiers on offer, cheapest first; retired=true adds the retired ones")
  public TierList tiers(@QueryParam("retired") boolean retired) {
    return new TierList(
        (retired ? tiers.all() : tiers.offered()).stream().map(Tier::view).toList());
  }

  @POST
  @Path("tiers")
  @Consumes(MediaType.APPLICATION_JSON)
  @OwnerOnly
  @Operation(summary = "Adds a paid tier, with its monthly price at Stripe")
  @Created("the tier; 409 tier_exists for a code in use or retired")
  public TierView addTier(NewTier body) {
    Tier t = tiers.add(body.code(), body.name(), body.monthlyLimit(), body.priceAmount());
    return t.view();
  }

  @DELETE
  @Path("tiers/{code}")
  @OwnerOnly
  @Operation(
      summary =
          "Retires a paid tier: no longer offered; its subscribers keep it until their"
              + " subscription changes or ends")
  public TierView retireTier(@PathParam("code") String code) {
    return tiers.retire(code, clock.instant()).view();
  }

  @PUT
  @Path("tiers/{code}")
  @Consumes(MediaType.APPLICATION_JSON)
  @OwnerOnly
  @Operation(
      summary = "Changes a tier; a new price is created at Stripe, old subscribers keep theirs")
  public TierView changeTier(@PathParam("code") String code, TierChange body) {
    return tiers.change(code, body.name(), body.monthlyLimit(), body.priceAmount()).view();
  }

  @GET
  @Path("users/{userRef}")
  @Operation(summary = "A user's tier, status and usage")
  public UserView user(@PathParam("userRef") String userRef) {
    return view(subscribers.touch(ref(userRef), isUser()));
  }

  @POST
  @Path("users/{userRef}/subscription/checkout")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Starts a subscription checkout for a paid tier")
  @Created("the checkout session to pay in")
  public SubscriptionCheckout checkout(@PathParam("userRef") String userRef, TierChoice body) {
    Subscriber s = subscribers.touch(ref(userRef), isUser());
    if (s.status().isPaying()) {
      throw ApiException.conflict(
          "already_subscribed", "the user already has a subscription; change it instead");
    }
    Tier tier = paidTier(body.tier());
    CheckoutRequest.Builder request =
        CheckoutRequest.subscription(s.userRef())
            .line(CheckoutLine.price(tier.priceId(), 1))
            .metadata(Map.of("tier", tier.code()))
            .successUrl(tenant.pageUrl("dashboard") + "?upgraded=1")
            .cancelUrl(tenant.pageUrl("pricing"));
    if (s.customerId() != null) {
      request.customer(s.customerId());
    } else {
      directory.find(s.userRef()).map(EndUser::email).ifPresent(request::email);
    }
    CheckoutSession session = billing.createCheckout(request.build());
    return new SubscriptionCheckout(session.id(), session.url());
  }

  @POST
  @Path("users/{userRef}/subscription/change")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Moves the subscription to another paid tier, with prorations")
  public UserView change(@PathParam("userRef") String userRef, TierChoice body) {
    Subscriber s = subscribed(userRef);
    Tier tier = paidTier(body.tier());
    return applied(userRef, billing.changePrice(s.subscriptionId(), tier.priceId()));
  }

  @POST
  @Path("users/{userRef}/subscription/cancel")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Cancels the subscription, at the period's end or at once")
  public UserView cancel(@PathParam("userRef") String userRef, Cancel body) {
    Subscriber s = subscribed(userRef);
    return applied(userRef, billing.cancelSubscription(s.subscriptionId(), body.atPeriodEnd()));
  }

  @POST
  @Path("users/{userRef}/billing-portal")
  @Operation(summary = "A Stripe billing-portal session for the user's card and invoices")
  @Created("the portal to send the user to")
  public PortalSession billingPortal(@PathParam("userRef") String userRef) {
    Subscriber s = subscribers.touch(ref(userRef), isUser());
    if (s.customerId() == null) {
      throw ApiException.conflict(
          "no_billing_account", "the user has never subscribed; there is nothing to manage");
    }
    String url = billing.billingPortalUrl(s.customerId(), tenant.pageUrl("dashboard"));
    return new PortalSession(url);
  }

  @POST
  @Path("users/{userRef}/analyses")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Records an analysis, if the user is under the period's limit")
  @Created("the analysis; 402 quota_exceeded over the limit")
  public AnalysisView analyse(@PathParam("userRef") String userRef, NewAnalysis body) {
    return analyses.record(ref(userRef), isUser(), body.address(), body.data());
  }

  @GET
  @Path("users/{userRef}/analyses")
  @Operation(summary = "The user's analyses, newest first; q searches addresses")
  public AnalysisList analyses(
      @PathParam("userRef") String userRef,
      @QueryParam("q") String q,
      @QueryParam("contains") String contains,
      @QueryParam("before") String before,
      @QueryParam("limit") Integer limit) {
    String ref = subscribers.touch(ref(userRef), isUser()).userRef();
    int n = limit == null ? 20 : limit;
    if (n < 1 || n > 100) {
      throw ApiException.invalid("limit", "limit must be 1 to 100");
    }
    return new AnalysisList(
        analyses.list(
            ref,
            q == null || q.isBlank() ? null : q.trim(),
            jsonObject(contains),
            Params.instant(before, "before"),
            n));
  }

  @GET
  @Path("admin/users")
  @OwnerOnly
  @Operation(summary = "The users by userRef, a page at a time, filtered by tier and status")
  public UserList users(
      @QueryParam("tier") String tier,
      @QueryParam("status") String status,
      @QueryParam("after") String after,
      @QueryParam("limit") Integer limit) {
    Subscriber.Status st = Params.oneOf(Subscriber.Status.class, status, "status");
    int n = limit == null ? 100 : limit;
    if (n < 1 || n > 500) {
      throw ApiException.invalid("limit", "limit must be 1 to 500");
    }
    List<Subscriber> page =
        subscribers.list(tier == null || tier.isBlank() ? null : tier, st, after, n);
    return new UserList(
        page.stream()
            .map(
                s ->
                    new UserRow(
                        s.userRef(), s.tier(), s.status().name(), s.periodEnd(), s.lastSeenAt()))
            .toList(),
        page.size() == n ? page.get(n - 1).userRef() : null);
  }

  @GET
  @Path("admin/revenue")
  @OwnerOnly
  @Operation(summary = "Monthly recurring revenue by tier, from the subscriptions")
  public Revenue revenue() {
    return Revenue.of(tiers.all(), subscribers.headcounts());
  }

  @GET
  @Path("admin/failed-payments")
  @OwnerOnly
  @Operation(summary = "Subscription payments that failed, newest first")
  public FailedPayments failedPayments() {
    return new FailedPayments(subscribers.failedPayments(100));
  }

  private UserView view(Subscriber s) {
    return new UserView(
        s.userRef(),
        s.tier(),
        tiers.byCode(s.tier(), "tier").name(),
        s.status().name(),
        s.periodEnd(),
        s.cancelAtPeriodEnd(),
        analyses.usage(s));
  }

  private UserView applied(String userRef, Subscription s) {
    return view(subscribers.changed(userRef, s));
  }

  /** The user of a path: the tenant may act for any, a user's token only for itself (404). */
  private String ref(String userRef) {
    return tenant.requireUserOrOwner(userRef);
  }

  private boolean isUser() {
    return tenant.actor() == Actor.USER;
  }

  private Subscriber subscribed(String userRef) {
    Subscriber s = subscribers.touch(ref(userRef), isUser());
    if (s.subscriptionId() == null || !s.status().isPaying()) {
      throw ApiException.conflict("not_subscribed", "the user has no subscription to change");
    }
    return s;
  }

  private Tier paidTier(String code) {
    Tier tier =
        tiers.offered().stream()
            .filter(t -> t.code().equals(code))
            .findFirst()
            .orElseThrow(() -> ApiException.invalid("tier", "no tier '" + code + "' is on offer"));
    if (!tier.isPaid() || tier.priceId() == null) {
      throw ApiException.invalid("tier", "tier '" + code + "' cannot be subscribed to");
    }
    return tier;
  }

  private static JsonObject jsonObject(String contains) {
    if (contains == null || contains.isBlank()) {
      return null;
    }
    try {
      JsonValue v = Json.createReader(new StringReader(contains)).readValue();
      if (v.getValueType() == JsonValue.ValueType.OBJECT) {
        return v.asJsonObject();
      }
    } catch (JsonException e) {
      // refused below
    }
    throw ApiException.invalid("contains", "contains must be a JSON object");
  }
}
