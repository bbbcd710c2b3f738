package dev.plinth.reservations.application;

import dev.plinth.reservations.domain.Item;
import dev.plinth.reservations.domain.Reservation;
import dev.plinth.spi.Notification;
import dev.plinth.spi.billing.Money;
import java.util.List;
import java.util.Locale;

/** The messages a confirmed deposit sends: one to the tenant's owner, one to the customer. */
final class Notices {

  private Notices() {}

  static List<Notification> confirmed(Reservation r, Item item, String ownerEmail) {
    String amount = money(r.deposit());
    Reservation.Customer c = r.customer();
    return List.of(
        new Notification(
            ownerEmail,
            "Deposit received: " + item.name(),
            c.name()
                + " <"
                + c.email()
                + ">"
                + (c.phone() == null ? "" : ", " + c.phone())
                + " paid a deposit of "
                + amount
                + " for "
                + item.name()
                + ". The item is reserved for them.\nReservation: "
                + r.id(),
            "reservation.confirmed.owner"),
        new Notification(
            c.email(),
            "Your deposit for " + item.name() + " is confirmed",
            "Hello "
                + c.name()
                + ",\n\nwe received your deposit of "
                + amount
                + ". "
                + item.name()
                + " is reserved for you.\n\nReservation: "
                + r.id(),
            "reservation.confirmed.customer"));
  }

  static String money(Money m) {
    long minor = m.amount();
    return String.format(
        Locale.ROOT, "%d.%02d %s", minor / 100, minor % 100, m.currency().toUpperCase(Locale.ROOT));
  }
}
