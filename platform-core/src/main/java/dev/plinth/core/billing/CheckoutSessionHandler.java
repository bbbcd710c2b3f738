package dev.plinth.core.billing;

import static dev.plinth.core.billing.StripeJson.idOf;
import static dev.plinth.core.billing.StripeJson.instant;
import static dev.plinth.core.billing.StripeJson.number;
import static dev.plinth.core.billing.StripeJson.object;
import static dev.plinth.core.billing.StripeJson.text;

import dev.plinth.spi.billing.StripeEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The core's handler for {@code checkout.session.*}: keeps {@code core.checkout_sessions} current.
 * Runs in the event's tenant transaction, before the vertical's handler. An older event (by {@code
 * created}) never overwrites what a newer one wrote; a session Plinth did not record when it was
 * created (say its transaction rolled back) is recorded from the event.
 */
@ApplicationScoped
public class CheckoutSessionHandler {

  static final Set<String> TYPES =
      Set.of(
          "checkout.session.completed",
          "checkout.session.async_payment_succeeded",
          "checkout.session.async_payment_failed",
          "checkout.session.expired");

  /**
   * A session's stage, for events of the same second: open, then expired, then completed unpaid,
   * then paid. Events of one session often share a second ({@code completed} and {@code
   * async_payment_succeeded}, say), and a later stage must not be undone by an earlier one.
   */
  static final String STAGE =
      "(CASE WHEN $.status = 'open' THEN 0 WHEN $.status = 'expired' THEN 1"
          + " WHEN $.payment_status = 'unpaid' THEN 2 ELSE 3 END)";

  /**
   * The event's connected account, if it is one bound to the tenant (or bound once and unbound
   * since, for a session made before): a session that a Connect event tells of lives on that
   * account (a direct charge). Recorded only for a session Plinth did not record when it made it;
   * one it did keeps what it recorded then.
   */
  static final String BOUND_ACCOUNT =
      "(SELECT a.account_id FROM core.connected_accounts a WHERE a.tenant_id = ?2"
          + " AND a.account_id = CAST(?19 AS text) AND a.status IN ('bound', 'unbound', 'deauthorized'))";

  @PersistenceContext(unitName = "plinth-core")
  EntityManager em;

  @jakarta.inject.Inject Clock clock;

  public boolean handles(String type) {
    return TYPES.contains(type);
  }

  public void handle(StripeEvent event, UUID tenantId, String vertical) {
    JsonObject s = event.object();
    String status =
        text(s, "status")
            .orElse(event.type().equals("checkout.session.expired") ? "expired" : "complete");
    JsonObject metadata = object(s, "metadata");
    String reference =
        text(metadata, "plinth_reference").or(() -> text(s, "client_reference_id")).orElse("");
    String email = StripeJson.checkoutEmail(s).orElse(null);
    Instant now = clock.instant();
    Instant expires = Optional.ofNullable(instant(s, "expires_at")).orElse(event.created());
    em.createNativeQuery(
            "INSERT INTO core.checkout_sessions AS c (id, tenant_id, stripe_session_id, vertical,"
                + " reference, mode, status, payment_status, amount_total, currency,"
                + " customer_email, stripe_customer_id, payment_intent_id, url, expires_at,"
                + " last_event_at, created_at, updated_at, subscription_id, connected_account,"
                + " charge_type)"
                + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
                + " ?17, ?17, ?18, "
                + BOUND_ACCOUNT
                + ", CASE WHEN "
                + BOUND_ACCOUNT
                + " IS NULL THEN NULL ELSE 'direct' END)"
                + " ON CONFLICT (tenant_id, stripe_session_id) DO UPDATE SET"
                + " status = EXCLUDED.status, payment_status = EXCLUDED.payment_status,"
                + " amount_total = coalesce(EXCLUDED.amount_total, c.amount_total),"
                + " currency = coalesce(EXCLUDED.currency, c.currency),"
                + " customer_email = coalesce(EXCLUDED.customer_email, c.customer_email),"
                + " stripe_customer_id = coalesce(EXCLUDED.stripe_customer_id, c.stripe_customer_id),"
                + " payment_intent_id = coalesce(EXCLUDED.payment_intent_id, c.payment_intent_id),"
                + " subscription_id = coalesce(EXCLUDED.subscription_id, c.subscription_id),"
                + " last_event_at = EXCLUDED.last_event_at, updated_at = EXCLUDED.updated_at"
                + " WHERE c.last_event_at IS NULL OR c.last_event_at < EXCLUDED.last_event_at"
                + " OR (c.last_event_at = EXCLUDED.last_event_at"
                + " AND "
                + STAGE.replace("$", "EXCLUDED")
                + " >= "
                + STAGE.replace("$", "c")
                + ")")
        .setParameter(1, UUID.randomUUID())
        .setParameter(2, tenantId)
        .setParameter(3, text(s, "id").orElseThrow())
        .setParameter(4, vertical)
        .setParameter(5, reference)
        .setParameter(6, text(s, "mode").orElse("payment"))
        .setParameter(7, status)
        .setParameter(8, text(s, "payment_status").orElse(null))
        .setParameter(9, number(s, "amount_total"))
        .setParameter(10, text(s, "currency").orElse(null))
        .setParameter(11, email)
        .setParameter(12, idOf(s, "customer").orElse(null))
        .setParameter(13, idOf(s, "payment_intent").orElse(null))
        .setParameter(14, text(s, "url").orElse(null))
        .setParameter(15, Timestamp.from(expires))
        .setParameter(16, Timestamp.from(event.created()))
        .setParameter(17, Timestamp.from(now))
        .setParameter(18, idOf(s, "subscription").orElse(null))
        .setParameter(19, event.account().orElse(null))
        .executeUpdate();
  }
}
