package dev.plinth.tipjar;

import dev.plinth.spi.TenantTransactional;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The tenant's tips; each method is a transaction of its own, scoped to the tenant. */
@ApplicationScoped
@TenantTransactional
public class Tips {

  @PersistenceContext(unitName = TipjarModule.ID)
  EntityManager em;

  @Inject Clock clock;

  public Tip create(long amount, String currency, String name, String message) {
    Tip tip = new Tip(amount, currency, name, message, clock.instant());
    em.persist(tip);
    return tip;
  }

  public void attach(UUID id, String sessionId) {
    find(id).ifPresent(t -> t.attach(sessionId));
  }

  /** A tip whose checkout never opened, or expired unpaid, goes. */
  public void dropUnpaid(UUID id) {
    find(id).filter(t -> !t.isPaid()).ifPresent(em::remove);
  }

  public void paid(UUID id, Instant at) {
    find(id).ifPresent(t -> t.paid(at));
  }

  public List<Tip> paid(int limit) {
    return em.createQuery(
            "SELECT t FROM Tip t WHERE t.status = 'paid' ORDER BY t.paidAt DESC, t.id", Tip.class)
        .setMaxResults(limit)
        .getResultList();
  }

  private Optional<Tip> find(UUID id) {
    return Optional.ofNullable(em.find(Tip.class, id));
  }
}
