package dev.plinth.testkit.stripe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A subscription's invoices: drafted with a line per item, finalized with a payment intent, then
 * paid or failed. Since API 2025-03-31 an invoice names its subscription under {@code
 * parent.subscription_details} and its payments under {@code payments.data[].payment}, and has
 * neither {@code subscription} nor {@code payment_intent} of its own.
 */
final class Invoices {

  /** How long Stripe waits before retrying a failed invoice payment (its smart retries vary). */
  private static final long RETRY_SECONDS = 3 * 86400L;

  private final State state;
  private final Events events;
  private final Payments payments;
  private final Prices prices;

  Invoices(State state, Events events, Payments payments, Prices prices) {
    this.state = state;
    this.events = events;
    this.payments = payments;
    this.prices = prices;
  }

  void routes(Routes r) {
    r.add("GET", "/v1/invoices", (m, a, p, c) -> state.list(a, "invoice", p, o -> matches(o, p)));
    r.add("GET", "/v1/invoices/([^/]+)", (m, a, p, c) -> state.get(a, m.group(1), "invoice"));
  }

  /**
   * Drafts and finalizes an invoice of the subscription: with {@code itemLines}, a line for each
   * item over the items' current period; and one line of {@code adjustment} (prorations, or an
   * altered checkout total) if it is not zero. The invoice is open, awaiting its payment intent,
   * and is the subscription's {@code latest_invoice}. Emits {@code invoice.created} and {@code
   * invoice.finalized}.
   *
   * @param periodStart the invoice's {@code period_start}: for a renewal, Stripe gives the period
   *     that ended, while the lines carry the new one
   */
  Map<String, Object> issue(
      Account a,
      Map<String, Object> sub,
      String billingReason,
      long periodStart,
      long periodEnd,
      long adjustment,
      boolean itemLines,
      Ctx c) {
    long now = state.epoch();
    String id = "in_1" + state.token(24);
    List<Object> lines = new ArrayList<>();
    long total = 0;
    for (Map<String, Object> item :
        itemLines ? SubscriptionItems.of(sub) : List.<Map<String, Object>>of()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> price = (Map<String, Object>) item.get("price");
      long amount = (Long) price.get("unit_amount") * (Long) item.get("quantity");
      total += amount;
      lines.add(line(a, id, sub, item, amount, false));
    }
    if (adjustment != 0) {
      lines.add(line(a, id, sub, SubscriptionItems.of(sub).get(0), adjustment, true));
      total += adjustment;
    }
    long due = Math.max(0, total);
    Map<String, Object> customer = a.objects.get((String) sub.get("customer"));
    Map<String, Object> invoice = Fixtures.of("invoice");
    invoice.put("id", id);
    invoice.put("created", now);
    invoice.put("effective_at", null);
    invoice.put("customer", sub.get("customer"));
    invoice.put("customer_email", customer == null ? null : customer.get("email"));
    invoice.put("customer_name", customer == null ? null : customer.get("name"));
    invoice.put("customer_address", null);
    invoice.put("customer_shipping", null);
    invoice.put("shipping_cost", null);
    invoice.put("shipping_details", null);
    invoice.put("currency", sub.get("currency"));
    invoice.put("billing_reason", billingReason);
    invoice.put("auto_advance", true);
    invoice.put("due_date", null);
    invoice.put("amount_overpaid", 0L);
    invoice.put("subtotal", total);
    invoice.put("subtotal_excluding_tax", total);
    invoice.put("total", total);
    invoice.put("total_excluding_tax", total);
    invoice.put("amount_due", due);
    invoice.put("amount_paid", 0L);
    invoice.put("amount_remaining", due);
    invoice.put("lines", State.list(lines, false, "/v1/invoices/" + id + "/lines"));
    invoice.put("status", "draft");
    // today's API names the subscription only under parent
    invoice.remove("subscription");
    invoice.put("parent", parent(sub));
    invoice.put(
        "payments", State.list(new ArrayList<>(), false, "/v1/invoice_payments?invoice=" + id));
    invoice.put("period_start", periodStart);
    invoice.put("period_end", periodEnd);
    invoice.put("from_invoice", null);
    invoice.put("last_finalization_error", null);
    invoice.put("next_payment_attempt", null);
    invoice.put("webhooks_delivered_at", null);
    invoice.put("hosted_invoice_url", null);
    state.store(a, invoice);
    events.emit(a, "invoice.created", invoice, null, c);
    finalize(a, invoice, customer, c);
    sub.put("latest_invoice", id);
    return invoice;
  }

  private void finalize(
      Account a, Map<String, Object> invoice, Map<String, Object> customer, Ctx c) {
    long now = state.epoch();
    long due = (Long) invoice.get("amount_due");
    invoice.put("status", "open");
    invoice.put("effective_at", now);
    transition(invoice, "finalized_at", now);
    if (due == 0) {
      // nothing to collect: Stripe makes no payment and the invoice is paid at once
      events.emit(a, "invoice.finalized", invoice, null, c);
      return;
    }
    Map<String, Object> pi =
        payments.paymentIntent(
            a, due, (String) invoice.get("currency"), (String) invoice.get("customer"), null);
    pi.put("description", "Subscription " + invoice.get("billing_reason"));
    Map<String, Object> payment = Fixtures.of("invoice_payment");
    payment.put("id", "inpay_1" + state.token(24));
    payment.put("created", now);
    payment.put("currency", invoice.get("currency"));
    payment.put("amount_requested", due);
    payment.put("amount_paid", null);
    payment.put("invoice", invoice.get("id"));
    payment.put("livemode", false);
    payment.put("status", "open");
    payment.put(
        "payment",
        new LinkedHashMap<>(Map.of("type", "payment_intent", "payment_intent", pi.get("id"))));
    data(invoice, "payments").add(payment);
    long count =
        a.objects.values().stream()
            .filter(
                o ->
                    "invoice".equals(o.get("object"))
                        && invoice.get("customer").equals(o.get("customer")))
            .count();
    String prefix = customer == null ? "SIM" : (String) customer.get("invoice_prefix");
    invoice.put("number", prefix + "-" + String.format("%04d", count));
    events.emit(a, "invoice.finalized", invoice, null, c);
  }

  /** The payment intent of the invoice's (only) payment, or null if it has nothing to collect. */
  Map<String, Object> paymentIntent(Account a, Map<String, Object> invoice) {
    if (data(invoice, "payments").isEmpty()) {
      return null;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> payment = (Map<String, Object>) data(invoice, "payments").get(0);
    @SuppressWarnings("unchecked")
    Map<String, Object> ref = (Map<String, Object>) payment.get("payment");
    return a.objects.get((String) ref.get("payment_intent"));
  }

  /**
   * Attempts the open invoice's payment: it succeeds ({@code invoice.paid}, {@code
   * invoice.payment_succeeded}) or is declined ({@code invoice.payment_failed}, retried later).
   */
  @SuppressWarnings("unchecked")
  void collect(Account a, Map<String, Object> invoice, boolean succeeds, Ctx c) {
    if (!"open".equals(invoice.get("status"))) {
      throw new IllegalStateException(
          "invoice " + invoice.get("id") + " is " + invoice.get("status") + ", not open");
    }
    Map<String, Object> pi = paymentIntent(a, invoice);
    invoice.put("attempted", true);
    invoice.put("attempt_count", (Long) invoice.get("attempt_count") + 1);
    long now = state.epoch();
    long amount = (Long) invoice.get("amount_due");
    if (pi == null || succeeds) {
      if (pi != null) {
        payments.succeed(a, pi, (String) invoice.get("customer_email"), c);
        Map<String, Object> payment = (Map<String, Object>) data(invoice, "payments").get(0);
        payment.put("amount_paid", amount);
        payment.put("status", "paid");
        ((Map<String, Object>) payment.get("status_transitions")).put("paid_at", now);
      }
      invoice.put("amount_paid", amount);
      invoice.put("amount_remaining", 0L);
      invoice.put("status", "paid");
      invoice.put("next_payment_attempt", null);
      transition(invoice, "paid_at", now);
      events.emit(a, "invoice.paid", invoice, null, c);
      events.emit(a, "invoice.payment_succeeded", invoice, null, c);
    } else {
      payments.decline(a, pi, c);
      invoice.put("next_payment_attempt", now + RETRY_SECONDS);
      events.emit(a, "invoice.payment_failed", invoice, null, c);
    }
  }

  private Map<String, Object> line(
      Account a,
      String invoiceId,
      Map<String, Object> sub,
      Map<String, Object> item,
      long amount,
      boolean proration) {
    @SuppressWarnings("unchecked")
    Map<String, Object> price = (Map<String, Object>) item.get("price");
    Map<String, Object> line = Fixtures.of("line_item");
    line.put("id", "il_1" + state.token(24));
    line.put("invoice", invoiceId);
    line.put("amount", amount);
    line.put("subtotal", amount);
    line.put("currency", sub.get("currency"));
    line.put(
        "description",
        proration
            ? "Adjustment for changes to the subscription"
            : item.get("quantity") + " × " + prices.productName(a, price));
    line.put(
        "period",
        new LinkedHashMap<>(
            Map.of(
                "start", item.get("current_period_start"),
                "end", item.get("current_period_end"))));
    line.put("quantity", proration ? 1L : item.get("quantity"));
    line.put("subscription", sub.get("id"));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("invoice_item", null);
    details.put("proration", proration);
    Map<String, Object> credited = new LinkedHashMap<>();
    credited.put("credited_items", null);
    details.put("proration_details", credited);
    details.put("subscription", sub.get("id"));
    details.put("subscription_item", item.get("id"));
    Map<String, Object> parent = new LinkedHashMap<>();
    parent.put("invoice_item_details", null);
    parent.put("subscription_item_details", details);
    parent.put("type", "subscription_item_details");
    line.put("parent", parent);
    Map<String, Object> pricing = new LinkedHashMap<>();
    pricing.put(
        "price_details",
        new LinkedHashMap<>(Map.of("price", price.get("id"), "product", price.get("product"))));
    pricing.put("type", "price_details");
    pricing.put("unit_amount_decimal", String.valueOf(price.get("unit_amount")));
    line.put("pricing", pricing);
    return line;
  }

  /** Where the invoice came from: the subscription, and its metadata as it is now. */
  private static Map<String, Object> parent(Map<String, Object> sub) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("metadata", Jsons.copy(sub.get("metadata")));
    details.put("subscription", sub.get("id"));
    Map<String, Object> parent = new LinkedHashMap<>();
    parent.put("quote_details", null);
    parent.put("subscription_details", details);
    parent.put("type", "subscription_details");
    return parent;
  }

  @SuppressWarnings("unchecked")
  private static void transition(Map<String, Object> invoice, String field, long at) {
    ((Map<String, Object>) invoice.get("status_transitions")).put(field, at);
  }

  @SuppressWarnings("unchecked")
  private static List<Object> data(Map<String, Object> invoice, String list) {
    return (List<Object>) ((Map<String, Object>) invoice.get(list)).get("data");
  }

  /** The filters of {@code GET /v1/invoices}. */
  @SuppressWarnings("unchecked")
  private static boolean matches(Map<String, Object> invoice, Map<String, Object> p) {
    Map<String, Object> parent = (Map<String, Object>) invoice.get("parent");
    Map<String, Object> details = (Map<String, Object>) parent.get("subscription_details");
    return (p.get("subscription") == null
            || p.get("subscription").equals(details.get("subscription")))
        && (p.get("customer") == null || p.get("customer").equals(invoice.get("customer")))
        && (p.get("status") == null || p.get("status").equals(invoice.get("status")));
  }
}
