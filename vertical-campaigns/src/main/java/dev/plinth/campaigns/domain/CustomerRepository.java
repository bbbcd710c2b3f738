package dev.plinth.campaigns.domain;

import dev.plinth.campaigns.CampaignsModule;
import dev.plinth.spi.SignedTokens;
import dev.plinth.spi.TenantContext;
import dev.plinth.spi.persistence.Repository;
import dev.plinth.spi.web.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The contractors who bought, and the portal links they opened; callers bring the transaction. */
@ApplicationScoped
public class CustomerRepository extends Repository<Customer> {

  @Inject TenantContext tenant;

  CustomerRepository() {
    super(CampaignsModule.class, Customer.class, "customer");
  }

  public Optional<Customer> byEmail(String email) {
    return first("Customer.byEmail", "email", email);
  }

  /**
   * The customer who paid: found by Stripe's customer id, else by email, else made from the buyer;
   * it learns its Stripe id if it had none. Two payments of one email at once make one customer.
   */
  public Customer of(Purchase.Buyer buyer, String stripeCustomerId, Instant now) {
    Optional<Customer> known =
        Optional.ofNullable(stripeCustomerId).flatMap(id -> first("Customer.byStripeId", "id", id));
    if (known.isPresent()) {
      return known.get();
    }
    // Native SQL, since JPQL has no INSERT ... ON CONFLICT: a concurrent payment of the same email
    // waits here for the other's insert, then finds its row instead of failing on the unique index
    em().createNativeQuery(
            "INSERT INTO "
                + CampaignsModule.ID
                + ".customers (id, tenant_id, business_name, email, city, state,"
                + " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)"
                + " ON CONFLICT (tenant_id, lower(email)) DO NOTHING")
        .setParameter(1, UUID.randomUUID())
        .setParameter(2, tenant.tenantId())
        .setParameter(3, buyer.businessName())
        .setParameter(4, buyer.email())
        .setParameter(5, buyer.city())
        .setParameter(6, buyer.state())
        .setParameter(7, Timestamp.from(now))
        .executeUpdate();
    Customer c = byEmail(buyer.email()).orElseThrow();
    c.knownToStripeAs(stripeCustomerId, now);
    return c;
  }

  /**
   * The customer an emailed link names, if it exists and the link was never opened before; the link
   * is then recorded as opened. The customer is locked first, so that two openings of one link at
   * once take turns and the second finds the first's record. Expired links are dropped on the way.
   */
  public Optional<Customer> redeem(SignedTokens.Verified link, Instant now) {
    Optional<Customer> customer = Ids.tryParse(link.subject()).flatMap(this::lock);
    if (customer.isEmpty()) {
      return customer;
    }
    em().createNamedQuery("RedeemedLink.dropExpired").setParameter("now", now).executeUpdate();
    if (em().find(RedeemedLink.class, link.id()) != null) {
      return Optional.empty();
    }
    em().persist(new RedeemedLink(link.id(), link.expiresAt()));
    return customer;
  }
}
