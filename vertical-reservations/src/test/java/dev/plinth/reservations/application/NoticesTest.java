package dev.plinth.reservations.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.reservations.domain.Item;
import dev.plinth.reservations.domain.Reservation;
import dev.plinth.spi.Notification;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NoticesTest {

  @Test
  void aConfirmationTellsTheOwnerAndTheCustomer() {
    Item item =
        new Item(
            UUID.randomUUID(),
            new Item.ItemDetails("Rex", "", 150000, 25000, "usd"),
            Instant.EPOCH);
    Reservation r =
        new Reservation(
            UUID.randomUUID(),
            item,
            new Reservation.Customer("ann@example.com", "Ann", null),
            Instant.EPOCH.plusSeconds(1800),
            Instant.EPOCH);
    List<Notification> n = Notices.confirmed(r, item, "owner@breeder.example");
    assertThat(n)
        .extracting(Notification::to)
        .containsExactly("owner@breeder.example", "ann@example.com");
    assertThat(n.get(0).body()).contains("Ann <ann@example.com>").contains("250.00 USD");
    assertThat(n.get(1).subject()).isEqualTo("Your deposit for Rex is confirmed");
    assertThat(n)
        .extracting(Notification::kind)
        .containsExactly("reservation.confirmed.owner", "reservation.confirmed.customer");
  }
}
