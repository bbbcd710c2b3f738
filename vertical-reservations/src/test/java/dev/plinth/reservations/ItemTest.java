package dev.plinth.reservations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.reservations.ReservationsResource.ItemRequest;
import dev.plinth.spi.Refusal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Positive amounts are the request's schema, which the host enforces (see ReservationsIT). */
class ItemTest {

  static ItemRequest details(long price, long deposit) {
    return new ItemRequest("Rex", null, price, deposit, "usd");
  }

  @Test
  void aDepositIsNoMoreThanThePrice() {
    Item item = new Item(details(1000, 1000), Instant.EPOCH);
    assertThat(item.status()).isEqualTo(ItemStatus.available);
    assertThat(item.view().description()).isEmpty();
    assertThatThrownBy(() -> new Item(details(1000, 1001), Instant.EPOCH))
        .isInstanceOfSatisfying(
            Refusal.class, e -> assertThat(e.details()).containsEntry("field", "depositAmount"));
  }
}
