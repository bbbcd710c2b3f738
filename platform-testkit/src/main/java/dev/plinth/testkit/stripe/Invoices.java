package dev.plinth.testkit.stripe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A subscription's invoices. Since API 2025-03-31 an invoice names its subscription under {@code
 * parent.subscription_details} and its payments in {@code payments.data[].payment}.
 */
final class Invoices {

  private final State state;
  private final Events events;

  Invoices(State state, Events events) {
    this.state = state;
    this.events = events;
  }

  /** An open invoice of {@code amount} for the subscription, paid by {@code pi}; stored. */
  Map<String, Object> open(
      Account a,
      Map<String, Object> sub,
      long amount,
      Map<String, Object> pi,
      String billingReason,
      long periodStart,
      long periodEnd) {
    long now = state.epoch();
    Map<String, Object> invoice = Fixtures.of("invoice");
    String invoiceId = "in_1" + state.token(24);
    String currency = (String) sub.get("currency");
    invoice.put("id", invoiceId);
    invoice.put("created", now);
    invoice.put("customer", sub.get("customer"));
    invoice.put("currency", currency);
    invoice.put("amount_due", amount);
    invoice.put("amount_paid", 0L);
    invoice.put("amount_remaining", amount);
    invoice.put("billing_reason", billingReason);
    invoice.put("status", "open");
    invoice.put("subscription", sub.get("id"));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("metadata", Jsons.copy(sub.get("metadata")));
    details.put("subscription", sub.get("id"));
    Map<String, Object> parent = new LinkedHashMap<>();
    parent.put("quote_details", null);
    parent.put("subscription_details", details);
    parent.put("type", "subscription_details");
    invoice.put("parent", parent);
    Map<String, Object> payment = Fixtures.of("invoice_payment");
    payment.put("id", "inpay_1" + state.token(24));
    payment.put("created", now);
    payment.put("currency", currency);
    payment.put("amount_requested", amount);
    payment.put("invoice", invoiceId);
    payment.put("livemode", false);
    payment.put("status", "open");
    payment.put(
        "payment",
        new LinkedHashMap<>(Map.of("type", "payment_intent", "payment_intent", pi.get("id"))));
    invoice.put(
        "payments",
        State.list(
            new ArrayList<>(List.of(payment)), false, "/v1/invoice_payments?invoice=" + invoiceId));
    invoice.put("period_start", periodStart);
    invoice.put("period_end", periodEnd);
    invoice.put("from_invoice", null);
    invoice.put("last_finalization_error", null);
    state.store(a, invoice);
    return invoice;
  }

  /** The invoice is paid in full by its payment. */
  @SuppressWarnings("unchecked")
  void paid(Account a, Map<String, Object> invoice, Ctx c) {
    long amount = (Long) invoice.get("amount_due");
    invoice.put("amount_paid", amount);
    invoice.put("amount_remaining", 0L);
    invoice.put("status", "paid");
    Map<String, Object> payment =
        (Map<String, Object>)
            ((List<Object>) ((Map<String, Object>) invoice.get("payments")).get("data")).get(0);
    payment.put("amount_paid", amount);
    payment.put("status", "paid");
    events.emit(a, "invoice.paid", invoice, null, c);
  }
}
