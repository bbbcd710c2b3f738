package dev.plinth.reservations.application;

import dev.plinth.reservations.domain.Item;
import dev.plinth.reservations.domain.ItemRepository;
import dev.plinth.reservations.domain.ItemStatus;
import dev.plinth.reservations.domain.ReservationRepository;
import dev.plinth.reservations.domain.ReservationStatus;
import dev.plinth.reservations.rest.Responses.Amount;
import dev.plinth.reservations.rest.Responses.ItemSummary;
import dev.plinth.spi.Refusal;
import dev.plinth.spi.TenantTransactional;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** The tenant's items: create, describe, list, sell, and a summary of what they brought in. */
@ApplicationScoped
@TenantTransactional
public class ItemService {

  @Inject ItemRepository items;

  @Inject ReservationRepository reservations;

  @Inject Clock clock;

  public Item create(Item.ItemDetails details) {
    Item item = new Item(UUID.randomUUID(), details, clock.instant());
    items.add(item);
    return item;
  }

  public Item update(UUID id, Item.ItemDetails details) {
    Item item = items.require(id);
    item.apply(details, clock.instant());
    return item;
  }

  public Item get(UUID id) {
    return items.require(id);
  }

  public List<Item> all() {
    return items.all();
  }

  /** The tenant sold a reserved item: the item is sold, its confirmed reservation completed. */
  public Item sell(UUID id) {
    Item item = items.require(id);
    if (!items.move(id, ItemStatus.reserved, ItemStatus.sold, clock.instant())) {
      throw Refusal.conflict(
          "item_not_reserved", "only a reserved item can be sold; this one is " + item.status());
    }
    reservations
        .confirmedFor(id)
        .ifPresent(r -> r.move(ReservationStatus.completed, null, clock.instant()));
    return items.require(id);
  }

  /** Reservations of an item by status, and the deposits taken (confirmed or completed). */
  public ItemSummary summary(UUID id) {
    Item item = items.require(id);
    Map<String, Long> counts = new TreeMap<>();
    Arrays.stream(ReservationStatus.values()).forEach(s -> counts.put(s.name(), 0L));
    long taken = 0;
    for (Object[] row : reservations.countsForItem(id)) {
      ReservationStatus status = (ReservationStatus) row[0];
      counts.put(status.name(), ((Number) row[1]).longValue());
      if (status == ReservationStatus.confirmed || status == ReservationStatus.completed) {
        taken += ((Number) row[2]).longValue();
      }
    }
    return new ItemSummary(id, item.status(), counts, new Amount(taken, item.currency()));
  }
}
