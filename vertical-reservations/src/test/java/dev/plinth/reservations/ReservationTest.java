package dev.plinth.reservations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.reservations.ReservationsResource.DepositRequest;
import dev.plinth.reservations.ReservationsResource.ItemRequest;
import dev.plinth.spi.Notification;
import dev.plinth.spi.billing.Money;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReservationTest {

  static Reservation annHoldsRex() {
    Item item = new Item(new ItemRequest("Rex", null, 150000L, 25000L, "usd"), Instant.EPOCH);
    return new Reservation(
        item,
        new DepositRequest("ann@example.com", "Ann", null, null, null),
        Instant.EPOCH.plusSeconds(1800),
        Instant.EPOCH);
  }

  @Test
  void aConfirmationTellsTheOwnerAndTheCustomer() {
    Reservation r = annHoldsRex();
    List<Notification> n = r.confirmation("Rex", "owner@breeder.example");
    assertThat(n)
        .extracting(Notification::to)
        .containsExactly("owner@breeder.example", "ann@example.com");
    assertThat(n.get(0).body())
        .isEqualTo(
            "Ann <ann@example.com> paid a deposit of 250.00 USD for Rex. The item is reserved for"
                + " them.\nReservation: "
                + r.id());
    assertThat(n.get(1).subject()).isEqualTo("Your deposit for Rex is confirmed");
    assertThat(n.get(1).body())
        .isEqualTo(
            "Hello Ann,\n\nwe received your deposit of 250.00 USD. Rex is reserved for you.\n\n"
                + "Reservation: "
                + r.id());
    assertThat(n)
        .extracting(Notification::kind)
        .containsExactly("reservation.confirmed.owner", "reservation.confirmed.customer");
  }

  @Test
  void aPaymentMatchesTheDepositOnlyInAmountAndCurrency() {
    Money deposit = annHoldsRex().deposit();
    assertThat(deposit).isEqualTo(new Money(25000, "USD")).isNotEqualTo(new Money(24999, "usd"));
    assertThat(deposit).isNotEqualTo(new Money(25000, "eur")).isNotEqualTo(null);
  }
}
