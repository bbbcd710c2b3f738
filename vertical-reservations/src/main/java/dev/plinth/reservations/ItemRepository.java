package dev.plinth.reservations;

import dev.plinth.spi.Refusal;
import dev.plinth.spi.persistence.Repository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Items of the bound tenant; callers bring the transaction. */
@ApplicationScoped
public class ItemRepository extends Repository<Item> {

  ItemRepository() {
    super(ReservationsModule.class, Item.class, "item");
  }

  public List<Item> all() {
    return named("Item.all").getResultList();
  }

  /**
   * Takes an available item for a hold ({@code available → held}), refused with {@code
   * item_unavailable} if it is not available, or {@code race_condition_lost} if another request
   * took it since it was read.
   */
  public void take(Item item, Instant now) {
    if (item.status() != ItemStatus.available) {
      throw Refusal.conflict(
          "item_unavailable", "this item is " + item.status() + ", not available");
    }
    if (!move(item.id(), ItemStatus.available, ItemStatus.held, now)) {
      throw raceLost();
    }
  }

  static Refusal raceLost() {
    return Refusal.conflict("race_condition_lost", "another customer took this item a moment ago");
  }

  /**
   * Moves the item from {@code from} to {@code to} in one conditional update; returns false when it
   * was not in {@code from} (another request or event got there first). This is the race guard.
   */
  public boolean move(UUID id, ItemStatus from, ItemStatus to, Instant now) {
    int updated =
        em().createNamedQuery("Item.move")
            .setParameter("id", id)
            .setParameter("from", from)
            .setParameter("to", to)
            .setParameter("now", now)
            .executeUpdate();
    if (updated == 1) {
      // the bulk update bypassed the persistence context: never keep a stale status in it
      em().refresh(em().find(Item.class, id));
    }
    return updated == 1;
  }
}
