package dev.plinth.reservations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.reservations.ReservationsResource.ItemRequest;
import dev.plinth.spi.Refusal;
import dev.plinth.spi.web.ApiException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ItemTest {

  static ItemRequest details(long price, long deposit) {
    return new ItemRequest("Rex", null, price, deposit, "usd");
  }

  @Test
  void aDepositIsPositiveAndNoMoreThanThePrice() {
    Item item = new Item(details(1000, 1000), Instant.EPOCH);
    assertThat(item.status()).isEqualTo(ItemStatus.available);
    assertThat(item.view().description()).isEmpty();
    assertThatThrownBy(() -> new Item(details(1000, 1001), Instant.EPOCH))
        .isInstanceOfSatisfying(
            Refusal.class, e -> assertThat(e.details()).containsEntry("field", "depositAmount"));
    for (long[] bad : new long[][] {{1000, 0}, {1000, -5}, {0, 0}}) {
      String field = bad[0] <= 0 ? "priceAmount" : "depositAmount";
      assertThatThrownBy(() -> details(bad[0], bad[1]))
          .isInstanceOfSatisfying(
              ApiException.class, e -> assertThat(e.details()).containsEntry("field", field));
    }
  }
}
