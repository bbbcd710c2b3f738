package dev.plinth.core.billing.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link HostRecords} on the core's tables: the checkout sessions Plinth created ({@code
 * request_key} set by the billing service), the payments and the subscriptions the core recorded.
 * Reads in the caller's transaction, which must be scoped to the tenant.
 */
@ApplicationScoped
public class RecordedOwners {

  private static final String CHECKOUTS =
      "SELECT vertical, reference, stripe_session_id FROM core.checkout_sessions"
          + " WHERE tenant_id = ?1 AND request_key IS NOT NULL AND ";

  @PersistenceContext(unitName = "plinth-core")
  EntityManager em;

  /** The records of one tenant. */
  public HostRecords of(UUID tenantId) {
    return new HostRecords() {
      @Override
      public Optional<Owner> checkout(String sessionId) {
        return first(
            em.createNativeQuery(CHECKOUTS + "stripe_session_id = ?2").setParameter(2, sessionId),
            tenantId);
      }

      @Override
      public Optional<Owner> payment(String paymentIntentId, String chargeId) {
        return first(
            em.createNativeQuery(
                    CHECKOUTS
                        + "payment_intent_id = coalesce(CAST(?2 AS text), (SELECT p.payment_intent_id"
                        + " FROM core.payments p WHERE p.tenant_id = ?1 AND p.charge_id = CAST(?3 AS text)"
                        + " LIMIT 1))")
                .setParameter(2, paymentIntentId)
                .setParameter(3, chargeId),
            tenantId);
      }

      @Override
      public Optional<Owner> subscription(String subscriptionId) {
        return first(
                em.createNativeQuery(CHECKOUTS + "subscription_id = ?2")
                    .setParameter(2, subscriptionId),
                tenantId)
            .or(
                () ->
                    first(
                        em.createNativeQuery(
                                "SELECT vertical, reference, NULL FROM core.subscriptions"
                                    + " WHERE tenant_id = ?1 AND stripe_subscription_id = ?2"
                                    + " AND vertical IS NOT NULL AND reference IS NOT NULL")
                            .setParameter(2, subscriptionId),
                        tenantId));
      }
    };
  }

  /** Whether the tenant's records know a Stripe customer (from a checkout or a customer event). */
  public boolean knowsCustomer(UUID tenantId, String customerId) {
    return !em.createNativeQuery(
            "SELECT 1 FROM core.customers WHERE tenant_id = ?1 AND stripe_customer_id = ?2")
        .setParameter(1, tenantId)
        .setParameter(2, customerId)
        .getResultList()
        .isEmpty();
  }

  private static Optional<Owner> first(Query q, UUID tenantId) {
    List<?> rows = q.setParameter(1, tenantId).setMaxResults(1).getResultList();
    return rows.stream()
        .map(Object[].class::cast)
        .findFirst()
        .map(r -> new Owner((String) r[0], (String) r[1], (String) r[2]));
  }
}
