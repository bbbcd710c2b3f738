package dev.plinth.reservations;

import dev.plinth.spi.persistence.Repository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/**
 * An item's status as last committed, read without a tenant transaction: the deposit's quick answer
 * to the many who lose a race for one item. It only ever refuses what the conditional update in
 * {@link ReservationService#hold} would refuse; an item it finds available still has to be won
 * there.
 */
@ApplicationScoped
public class ItemAvailability extends Repository<Item> {

  /** One item's status, as its column holds it. */
  public record Status(String status) {}

  ItemAvailability() {
    super(ReservationsModule.class, Item.class, "item");
  }

  /** The status of the bound tenant's item; empty when the tenant has no item of this id. */
  public Optional<ItemStatus> status(UUID itemId) {
    return peek(
            Status.class,
            "SELECT status::text FROM reservations.items WHERE tenant_id = ?1 AND id = ?2",
            itemId)
        .stream()
        .findFirst()
        .map(s -> ItemStatus.valueOf(s.status()));
  }
}
