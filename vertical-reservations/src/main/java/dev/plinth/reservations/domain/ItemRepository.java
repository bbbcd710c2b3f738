package dev.plinth.reservations.domain;

import dev.plinth.spi.web.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Items of the bound tenant; callers bring the transaction. */
@ApplicationScoped
public class ItemRepository {

  @PersistenceContext(unitName = "reservations")
  EntityManager em;

  public Item require(UUID id) {
    Item item = em.find(Item.class, id);
    if (item == null) {
      throw ApiException.notFound("no item " + id);
    }
    return item;
  }

  public List<Item> all() {
    return em.createNamedQuery("Item.all", Item.class).getResultList();
  }

  public void add(Item item) {
    em.persist(item);
  }

  /**
   * Moves the item from {@code from} to {@code to} in one conditional update; returns false when it
   * was not in {@code from} (another request or event got there first). This is the race guard.
   */
  public boolean move(UUID id, ItemStatus from, ItemStatus to, Instant now) {
    int updated =
        em.createNamedQuery("Item.move")
            .setParameter("id", id)
            .setParameter("from", from)
            .setParameter("to", to)
            .setParameter("now", now)
            .executeUpdate();
    if (updated == 1) {
      // the bulk update bypassed the persistence context: never keep a stale status in it
      em.refresh(em.find(Item.class, id));
    }
    return updated == 1;
  }
}
