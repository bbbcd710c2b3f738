package dev.plinth.reservations;

import dev.plinth.reservations.ReservationsResource.ItemRequest;
import dev.plinth.reservations.ReservationsResource.ItemView;
import dev.plinth.spi.Refusal;
import dev.plinth.spi.persistence.EditableRecord;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A scarce, one-of-a-kind item that a tenant sells, such as a puppy. Its status moves {@code
 * available → held} when a customer starts a deposit (a conditional update: only one request can
 * win), {@code held → reserved} when the deposit is paid, {@code held/reserved → available} when
 * the hold expires, the payment fails or the deposit is refunded, and {@code reserved → sold} when
 * the tenant sells it. Amounts are minor units; {@code 0 < depositAmount ≤ priceAmount} is checked
 * by the request, here and by the database.
 */
@Entity
@Table(schema = ReservationsModule.ID, name = "items")
public class Item extends EditableRecord {

  private String name;
  private String description;
  private long priceAmount;
  private long depositAmount;
  private String currency;

  @Enumerated(EnumType.STRING)
  private ItemStatus status;

  protected Item() {}

  public Item(ItemRequest details, Instant now) {
    super(now);
    this.status = ItemStatus.available;
    apply(details, now);
  }

  /** Replaces the tenant's description of the item; its status is not the tenant's to set. */
  public void apply(ItemRequest details, Instant now) {
    if (details.depositAmount() > details.priceAmount()) {
      throw Refusal.invalid("depositAmount", "depositAmount must not be more than priceAmount");
    }
    this.name = details.name();
    this.description = details.description();
    this.priceAmount = details.priceAmount();
    this.depositAmount = details.depositAmount();
    this.currency = details.currency();
    changed(now);
  }

  public ItemView view() {
    return new ItemView(
        id, name, description, priceAmount, depositAmount, currency, status, createdAt, updatedAt);
  }

  public String name() {
    return name;
  }

  public long depositAmount() {
    return depositAmount;
  }

  public String currency() {
    return currency;
  }

  public ItemStatus status() {
    return status;
  }
}
