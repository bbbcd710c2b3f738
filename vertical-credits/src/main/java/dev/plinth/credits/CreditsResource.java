package dev.plinth.credits;

import dev.plinth.spi.Actor;
import dev.plinth.spi.EndUser;
import dev.plinth.spi.TenantContext;
import dev.plinth.spi.UserDirectory;
import dev.plinth.spi.billing.BillingService;
import dev.plinth.spi.billing.CheckoutIntent;
import dev.plinth.spi.billing.CheckoutLine;
import dev.plinth.spi.billing.CheckoutRequest;
import dev.plinth.spi.web.ApiException;
import dev.plinth.spi.web.Created;
import dev.plinth.spi.web.Fields;
import dev.plinth.spi.web.OwnerOnly;
import dev.plinth.spi.web.PageParams;
import dev.plinth.spi.web.Params;
import dev.plinth.spi.web.TenantArea;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code /api/t/{slug}/credits}: the packages for anyone; a user's purchases, balance and spends
 * for the user's session token or the tenant's key acting for the user; the tenant's set-up and
 * views.
 */
@Path(TenantArea.PATH + CreditsModule.ID)
@TenantArea
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class CreditsResource {

  @Inject TenantContext tenant;

  @Inject UserDirectory directory;

  @Inject BillingService billing;

  @Inject Credits credits;

  @Inject Ledger ledger;

  @Inject CreditsConfig config;

  @Inject java.time.Clock clock;

  @Schema(description = "A package of credits and its price, in the currency's smallest unit")
  public record PackageView(
      String code, String name, long credits, long priceAmount, String currency, boolean active) {}

  public record PackageList(List<PackageView> packages) {}

  @Schema(description = "A new package")
  public record NewPackage(
      @Schema(required = true, maxLength = 30, pattern = "^[a-z][a-z0-9_-]{0,29}$") String code,
      @Schema(required = true, maxLength = 80) String name,
      @Schema(required = true, minimum = "1", maximum = "100000000") Long credits,
      @Schema(required = true, minimum = "50", maximum = "10000000") Long priceAmount) {

    public NewPackage {
      if (code != null) {
        code =
            Fields.matching(
                "code",
                code,
                30,
                "[a-z][a-z0-9_-]{0,29}",
                "a lowercase letter, then letters, digits, - or _");
      }
    }
  }

  @Schema(description = "A package's new name, credits, price and whether it is on sale")
  public record PackageChange(
      @Schema(required = true, maxLength = 80) String name,
      @Schema(required = true, minimum = "1", maximum = "100000000") Long credits,
      @Schema(required = true, minimum = "50", maximum = "10000000") Long priceAmount,
      @Schema(required = true) Boolean active) {}

  @Schema(
      description =
          "The credits the tenant can sell: total = available + reserved + sold; spent is what"
              + " users have spent")
  public record Capacity(long total, long available, long reserved, long sold, long spent) {}

  @Schema(description = "How many credits are left to sell")
  public record Availability(long available) {}

  @Schema(description = "The total capacity")
  public record CapacityChange(
      @Schema(required = true, minimum = "0", maximum = "1000000000000") Long total) {}

  @Schema(description = "A package to buy")
  public record PurchaseRequest(@Schema(required = true, maxLength = 30) String packageCode) {}

  @Schema(description = "A payment checkout for the credits: send the user to url")
  public record PurchaseStarted(String purchaseId, String sessionId, String url) {}

  @Schema(description = "A purchase, as its success page follows it")
  public record PurchaseView(
      String purchaseId, String packageCode, long credits, String status, long balance) {}

  @Schema(description = "A purchase in the tenant's log, with the Stripe ids that paid it")
  @JsonbNillable
  public record PurchaseRow(
      UUID id,
      String userRef,
      String packageCode,
      long credits,
      long priceAmount,
      String currency,
      String status,
      String checkoutSessionId,
      String paymentIntentId,
      String customerId,
      long clawedBack,
      long frozen,
      Instant createdAt,
      Instant paidAt) {}

  @Schema(description = "A page of purchases, newest first; nextBefore asks for the next one")
  @JsonbNillable
  public record PurchaseLog(List<PurchaseRow> purchases, String nextBefore) {}

  @Schema(description = "An entry of the ledger, as it changed the user's balance")
  @JsonbNillable
  public record EntryView(
      UUID id,
      String kind,
      long change,
      long credits,
      String from,
      String to,
      String reason,
      Instant createdAt) {}

  @Schema(
      description =
          "A user's spendable balance, credits frozen by an open dispute, whether the user is"
              + " negative (and blocked from spending), and recent entries")
  @JsonbNillable
  public record BalanceView(
      String userRef,
      long balance,
      long frozen,
      boolean negative,
      List<EntryView> entries,
      String nextBefore) {}

  @Schema(description = "Credits to spend, once per idempotency key")
  public record SpendRequest(
      @Schema(required = true, minimum = "1", maximum = "1000000000") Long credits,
      @Schema(maxLength = 200, minLength = 1) String reason,
      @Schema(required = true, maxLength = 200) String idempotencyKey) {}

  @Schema(description = "The balance after a spend")
  public record SpendAnswer(String userRef, long balance) {}

  @Schema(description = "What users may do themselves")
  public record SettingsView(@Schema(required = true) Boolean allowUserSpend) {}

  @Schema(description = "A declined payment of a purchase; its checkout stays payable")
  @JsonbNillable
  public record FailedPayment(
      String eventId,
      String purchaseId,
      String userRef,
      String paymentIntentId,
      String message,
      Instant failedAt) {}

  public record FailedPayments(List<FailedPayment> payments) {}

  public record PackageSales(String packageCode, long purchases, long credits, long revenue) {}

  public record DaySales(String day, long purchases, long credits, long revenue) {}

  public record UserBalance(String userRef, long balance) {}

  @Schema(description = "Paid purchases between from and to, the capacity and the largest balances")
  public record Analytics(
      Instant from,
      Instant to,
      String currency,
      long purchases,
      long revenue,
      long averageOrder,
      List<PackageSales> byPackage,
      List<DaySales> byDay,
      Capacity capacity,
      List<UserBalance> largestBalances,
      long failedPayments) {}

  @Schema(description = "The ledger's proof: every account's cached balance equals its entries")
  public record LedgerCheck(
      long entries, long accounts, long sumOfAllAccounts, List<String> mismatched, boolean ok) {}

  @GET
  @Path("packages")
  @Operation(summary = "The packages, retired ones too (active false)")
  public PackageList packages() {
    return new PackageList(credits.packages().stream().map(CreditPackage::view).toList());
  }

  @POST
  @Path("packages")
  @Consumes(MediaType.APPLICATION_JSON)
  @OwnerOnly
  @Operation(summary = "Adds a package")
  @Created("added")
  public PackageView addPackage(NewPackage body) {
    return credits.addPackage(body.code(), body.name(), body.credits(), body.priceAmount()).view();
  }

  @PUT
  @Path("packages/{code}")
  @Consumes(MediaType.APPLICATION_JSON)
  @OwnerOnly
  @Operation(summary = "Changes or retires a package; past purchases keep what they bought")
  public PackageView changePackage(@PathParam("code") String code, PackageChange body) {
    return credits
        .changePackage(code, body.name(), body.credits(), body.priceAmount(), body.active())
        .view();
  }

  @GET
  @Path("capacity")
  @OwnerOnly
  @Operation(summary = "The capacity: total, available, reserved, sold and spent credits")
  public Capacity capacity() {
    return credits.capacity();
  }

  @PUT
  @Path("capacity")
  @Consumes(MediaType.APPLICATION_JSON)
  @OwnerOnly
  @Operation(summary = "Sets the total capacity; 409 capacity_in_use below what is sold")
  public Capacity setCapacity(CapacityChange body) {
    return credits.setCapacity(body.total());
  }

  @GET
  @Path("availability")
  @Operation(summary = "How many credits are left to sell, for the buying page")
  public Availability availability() {
    return new Availability(credits.capacity().available());
  }

  @PUT
  @Path("settings")
  @Consumes(MediaType.APPLICATION_JSON)
  @OwnerOnly
  @Operation(summary = "Whether users may spend their credits with their own session token")
  public SettingsView settings(SettingsView body) {
    credits.allowUserSpend(body.allowUserSpend());
    return new SettingsView(credits.allowUserSpend());
  }

  @POST
  @Path("users/{userRef}/purchases")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Reserves a package's credits and starts its payment checkout")
  @Created("the checkout to pay in; 409 capacity_exhausted when sold out")
  public PurchaseStarted purchase(@PathParam("userRef") String userRef, PurchaseRequest body) {
    String ref = tenant.requireUserOrOwner(userRef);
    String email = directory.find(ref).map(EndUser::email).orElse(null);
    var started =
        billing.checkout(
            CheckoutIntent.of(
                () -> credits.reserve(ref, body.packageCode()),
                p -> {
                  CheckoutRequest.Builder r =
                      CheckoutRequest.payment(p.id().toString())
                          .line(
                              CheckoutLine.item(
                                  p.credits() + " credits", p.priceAmount(), p.currency()))
                          .metadata(Map.of("package", p.packageCode()))
                          .successUrl(tenant.successPageUrl())
                          .cancelUrl(tenant.pageUrl(""))
                          .expiresIn(config.checkoutExpiry());
                  if (email != null) {
                    r.email(email);
                  }
                  return r.build();
                },
                (p, session) -> credits.attach(p.id(), session.id()),
                p -> credits.release(p.id())));
    return new PurchaseStarted(
        started.recorded().id().toString(), started.session().id(), started.session().url());
  }

  @GET
  @Path("users/{userRef}/purchases/by-session/{sessionId}")
  @Operation(summary = "A purchase by its checkout session, as its success page waits for it")
  public PurchaseView purchaseBySession(
      @PathParam("userRef") String userRef, @PathParam("sessionId") String sessionId) {
    String ref = tenant.requireUserOrOwner(userRef);
    Purchase p =
        credits
            .bySession(sessionId)
            .filter(x -> x.userRef().equals(ref))
            .orElseThrow(() -> ApiException.notFound("no purchase for session " + sessionId));
    return new PurchaseView(
        p.id().toString(),
        p.packageCode(),
        p.credits(),
        p.status().name(),
        ledger.balance(Ledger.user(ref)));
  }

  @GET
  @Path("users/{userRef}/balance")
  @Operation(summary = "The user's balance and ledger entries, newest first")
  public BalanceView balance(@PathParam("userRef") String userRef, @BeanParam PageParams page) {
    String ref = tenant.requireUserOrOwner(userRef);
    int limit = page.limit(20, 100);
    return credits.balance(ref, page.before(), limit);
  }

  @POST
  @Path("users/{userRef}/spend")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Spends credits once per idempotency key; 402 insufficient_credits")
  @Created("spent; 402 insufficient_credits with the balance")
  public SpendAnswer spend(@PathParam("userRef") String userRef, SpendRequest body) {
    String ref = tenant.requireUserOrOwner(userRef);
    if (tenant.actor() == Actor.USER && !credits.allowUserSpend()) {
      throw new ApiException(
          403, "forbidden", "the tenant spends its users' credits; ask with the tenant's key");
    }
    Credits.Spent s = credits.spend(ref, body.credits(), body.reason(), body.idempotencyKey());
    if (s.status() == 402) {
      throw new ApiException(
          402,
          "insufficient_credits",
          "the balance of " + s.balance() + " credits does not cover " + body.credits(),
          Map.of("balance", s.balance()));
    }
    return new SpendAnswer(ref, s.balance());
  }

  @GET
  @Path("admin/analytics")
  @OwnerOnly
  @Operation(summary = "Sales by package and by day (UTC), revenue, capacity, largest balances")
  public Analytics analytics(@QueryParam("from") String from, @QueryParam("to") String to) {
    Instant end = Params.instant(to, "to");
    end = end == null ? clock.instant().plus(1, ChronoUnit.DAYS) : end;
    Instant start = Params.instant(from, "from");
    start = start == null ? end.minus(30, ChronoUnit.DAYS) : start;
    if (!start.isBefore(end)) {
      throw ApiException.invalid("from", "from must be before to");
    }
    List<PackageSales> byPackage = credits.salesByPackage(start, end);
    long purchases = byPackage.stream().mapToLong(PackageSales::purchases).sum();
    long revenue = byPackage.stream().mapToLong(PackageSales::revenue).sum();
    return new Analytics(
        start,
        end,
        "usd",
        purchases,
        revenue,
        purchases == 0 ? 0 : revenue / purchases,
        byPackage,
        credits.salesByDay(start, end),
        credits.capacity(),
        ledger.largestUserBalances(10),
        credits.failedPaymentCount());
  }

  /** Later than any purchase: the first page's bound. */
  @GET
  @Path("admin/purchases")
  @OwnerOnly
  @Operation(
      summary =
          "The purchases, newest first, with their checkout session, payment and customer at"
              + " Stripe")
  public PurchaseLog purchases(@BeanParam PageParams page) {
    int limit = page.limit(100, 500);
    return credits.recent(page.before(), limit);
  }

  @GET
  @Path("admin/failed-payments")
  @OwnerOnly
  @Operation(summary = "Declined payments of purchases, newest first")
  public FailedPayments failedPayments() {
    return new FailedPayments(credits.failedPayments(100));
  }

  @GET
  @Path("admin/ledger-check")
  @OwnerOnly
  @Operation(summary = "Proves the ledger: entries balance, cached balances equal their sums")
  public LedgerCheck ledgerCheck() {
    return ledger.check();
  }
}
