package dev.plinth.reservations.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.spi.Refusal;
import dev.plinth.spi.billing.Money;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ItemTest {

  static Item.ItemDetails details(long price, long deposit) {
    return new Item.ItemDetails("Rex", "", price, deposit, "usd");
  }

  @Test
  void aDepositIsPositiveAndNoMoreThanThePrice() {
    assertThat(new Item(UUID.randomUUID(), details(1000, 1000), Instant.EPOCH).status())
        .isEqualTo(ItemStatus.available);
    for (long[] bad : new long[][] {{1000, 0}, {1000, 1001}, {1000, -5}}) {
      assertThatThrownBy(() -> details(bad[0], bad[1]).check())
          .isInstanceOfSatisfying(
              Refusal.class, e -> assertThat(e.details()).containsEntry("field", "depositAmount"));
    }
    assertThatThrownBy(() -> details(0, 0).check())
        .isInstanceOfSatisfying(
            Refusal.class, e -> assertThat(e.details()).containsEntry("field", "priceAmount"));
  }

  @Test
  void aPaymentMatchesTheDepositOnlyInAmountAndCurrency() {
    Item item = new Item(UUID.randomUUID(), details(150000, 25000), Instant.EPOCH);
    Money deposit =
        new Reservation(
                UUID.randomUUID(),
                item,
                new Reservation.Customer("ann@example.com", "Ann", null),
                Instant.EPOCH,
                Instant.EPOCH)
            .deposit();
    assertThat(deposit).isEqualTo(new Money(25000, "USD")).isNotEqualTo(new Money(24999, "usd"));
    assertThat(deposit).isNotEqualTo(new Money(25000, "eur")).isNotEqualTo(null);
  }

  @Test
  void onlyPendingAndConfirmedHoldAnItem() {
    assertThat(ReservationStatus.values())
        .filteredOn(ReservationStatus::isActive)
        .containsExactly(ReservationStatus.pending, ReservationStatus.confirmed);
  }
}
