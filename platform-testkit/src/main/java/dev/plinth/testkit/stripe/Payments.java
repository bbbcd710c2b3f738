package dev.plinth.testkit.stripe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Payment intents, their charges, and refunds. */
final class Payments {

  private final State state;
  private final Events events;

  Payments(State state, Events events) {
    this.state = state;
    this.events = events;
  }

  void routes(Routes r) {
    r.add("POST", "/v1/payment_intents", (m, a, p, c) -> create(a, p, c));
    r.readable(state, "/v1/payment_intents", "payment_intent");
    r.add("POST", "/v1/refunds", (m, a, p, c) -> refund(a, p, c));
    r.readable(state, "/v1/refunds", "refund");
    r.add("GET", "/v1/charges/([^/]+)", (m, a, p, c) -> state.get(a, m.group(1), "charge"));
  }

  /** A new payment intent awaiting its payment method, stored. */
  Map<String, Object> paymentIntent(
      Account a, long amount, String currency, String customer, Object metadata) {
    Map<String, Object> pi = Fixtures.of("payment_intent");
    pi.put("id", "pi_3" + state.token(24));
    pi.put("client_secret", pi.get("id") + "_secret_" + state.token(25));
    pi.put("created", state.epoch());
    pi.put("amount", amount);
    pi.put("amount_received", 0L);
    pi.put("currency", currency);
    pi.put("customer", customer);
    pi.put("canceled_at", null);
    pi.put("last_payment_error", null);
    pi.put("next_action", null);
    pi.put("processing", null);
    pi.put("transfer_data", null);
    pi.put("payment_method_configuration_details", null);
    pi.put("metadata", metadata == null ? new LinkedHashMap<>() : metadata);
    pi.put("status", "requires_payment_method");
    state.store(a, pi);
    return pi;
  }

  /**
   * The payment intent succeeds by card: a charge is made, carrying a copy of the intent's metadata
   * as it is at that moment, as Stripe's charges do.
   */
  void succeed(Account a, Map<String, Object> pi, String email, Ctx c) {
    Map<String, Object> ch = Fixtures.of("charge");
    String chargeId = "ch_3" + state.token(24);
    long amount = (Long) pi.get("amount");
    ch.put("id", chargeId);
    ch.put("created", state.epoch());
    ch.put("amount", amount);
    ch.put("amount_captured", amount);
    ch.put("amount_refunded", 0L);
    ch.put("captured", true);
    ch.put("paid", true);
    ch.put("refunded", false);
    ch.put("status", "succeeded");
    ch.put("currency", pi.get("currency"));
    ch.put("customer", pi.get("customer"));
    ch.put("payment_intent", pi.get("id"));
    ch.put("description", null);
    ch.put("receipt_email", email);
    ch.put("receipt_url", state.baseUrl() + "/receipts/" + chargeId);
    ch.put("metadata", Jsons.copy(pi.get("metadata")));
    // a Connect charge's terms: the platform's fee, and where the rest is transferred
    ch.put("application_fee_amount", pi.get("application_fee_amount"));
    ch.put("transfer_data", Jsons.copy(pi.get("transfer_data")));
    @SuppressWarnings("unchecked")
    Map<String, Object> billing = (Map<String, Object>) ch.get("billing_details");
    billing.put("email", email);
    billing.put("name", null);
    ch.put("refunds", State.list(new ArrayList<>(), false, "/v1/charges/" + chargeId + "/refunds"));
    state.store(a, ch);
    pi.put("status", "succeeded");
    pi.put("amount_received", amount);
    pi.put("latest_charge", chargeId);
    pi.put("last_payment_error", null);
    events.emit(a, "charge.succeeded", ch, null, c);
    events.emit(a, "payment_intent.succeeded", pi, null, c);
  }

  /** The payment intent's payment is declined: it waits for another payment method. */
  void decline(Account a, Map<String, Object> pi, Ctx c) {
    pi.put("status", "requires_payment_method");
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", "payment_method_provider_decline");
    error.put("message", "The payment was declined by the bank.");
    error.put("type", "card_error");
    pi.put("last_payment_error", error);
    events.emit(a, "payment_intent.payment_failed", pi, null, c);
  }

  private Map<String, Object> create(Account a, Map<String, Object> p, Ctx c) {
    if (p.get("amount") == null) {
      throw StripeError.missing("amount");
    }
    long amount = Params.number(p, "amount");
    if (amount < 1) {
      throw StripeError.invalid("amount", "Amount must be at least 1");
    }
    Map<String, Object> pi =
        paymentIntent(
            a,
            amount,
            Params.required(p, "currency"),
            (String) p.get("customer"),
            p.get("metadata"));
    events.emit(a, "payment_intent.created", pi, null, c);
    return pi;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> refund(Account a, Map<String, Object> p, Ctx c) {
    Map<String, Object> charge;
    if (p.get("payment_intent") != null) {
      Map<String, Object> pi = a.objects.get((String) p.get("payment_intent"));
      if (pi == null || !"payment_intent".equals(pi.get("object"))) {
        throw StripeError.noSuch(
            "payment_intent", (String) p.get("payment_intent"), "payment_intent");
      }
      if (pi.get("latest_charge") == null || !"succeeded".equals(pi.get("status"))) {
        throw new StripeError(
            400,
            "invalid_request_error",
            "charge_not_refundable",
            "This PaymentIntent does not have a successful charge to refund.",
            "payment_intent");
      }
      charge = a.objects.get((String) pi.get("latest_charge"));
    } else if (p.get("charge") != null) {
      charge = a.objects.get((String) p.get("charge"));
      if (charge == null || !"charge".equals(charge.get("object"))) {
        throw StripeError.noSuch("charge", (String) p.get("charge"), "charge");
      }
    } else {
      throw StripeError.missing("payment_intent");
    }
    long captured = (Long) charge.get("amount_captured");
    long refunded = (Long) charge.get("amount_refunded");
    if (refunded >= captured) {
      throw new StripeError(
          400,
          "invalid_request_error",
          "charge_already_refunded",
          "Charge " + charge.get("id") + " has already been refunded.",
          null);
    }
    long amount = p.get("amount") == null ? captured - refunded : Params.number(p, "amount");
    if (amount < 1) {
      throw StripeError.invalid("amount", "Refund amount must be at least 1.");
    }
    if (amount > captured - refunded) {
      throw new StripeError(
          400,
          "invalid_request_error",
          "amount_too_large",
          "Refund amount ("
              + amount
              + ") is greater than unrefunded amount on charge ("
              + (captured - refunded)
              + ")",
          "amount");
    }
    Map<String, Object> r = Fixtures.of("refund");
    r.put("id", "re_3" + state.token(24));
    r.put("created", state.epoch());
    r.put("amount", amount);
    r.put("currency", charge.get("currency"));
    r.put("charge", charge.get("id"));
    r.put("payment_intent", charge.get("payment_intent"));
    r.put("customer", charge.get("customer"));
    r.put("reason", p.get("reason"));
    r.put("metadata", p.get("metadata") == null ? new LinkedHashMap<>() : p.get("metadata"));
    r.put("status", "succeeded");
    // what the refund was asked to undo besides the charge (Stripe does not echo these; the
    // simulator keeps them so that tests can see a destination charge's refund asked for both)
    r.put("reverse_transfer", Params.bool(p, "reverse_transfer"));
    r.put("refund_application_fee", Params.bool(p, "refund_application_fee"));
    state.store(a, r);
    charge.put("amount_refunded", refunded + amount);
    charge.put("refunded", refunded + amount == captured);
    ((List<Object>) ((Map<String, Object>) charge.get("refunds")).get("data"))
        .add(0, Jsons.copy(r));
    events.emit(a, "refund.created", r, null, c);
    events.emit(a, "charge.refunded", charge, null, c);
    return r;
  }
}
