package dev.plinth.reservations.application;

import dev.plinth.reservations.domain.Item;
import dev.plinth.reservations.domain.Reservation;
import dev.plinth.spi.Notification;
import java.util.List;
import java.util.Locale;

/** The messages a confirmed deposit sends: one to the tenant's owner, one to the customer. */
final class Notices {

  private Notices() {}

  static List<Notification> confirmed(Reservation r, Item item, String ownerEmail) {
    String amount = money(r.depositAmount(), r.currency());
    return List.of(
        new Notification(
            ownerEmail,
            "Deposit received: " + item.name(),
            r.customerName()
                + " <"
                + r.customerEmail()
                + ">"
                + (r.customerPhone() == null ? "" : ", " + r.customerPhone())
                + " paid a deposit of "
                + amount
                + " for "
                + item.name()
                + ". The item is reserved for them.\nReservation: "
                + r.id(),
            "reservation.confirmed.owner"),
        new Notification(
            r.customerEmail(),
            "Your deposit for " + item.name() + " is confirmed",
            "Hello "
                + r.customerName()
                + ",\n\nwe received your deposit of "
                + amount
                + ". "
                + item.name()
                + " is reserved for you.\n\nReservation: "
                + r.id(),
            "reservation.confirmed.customer"));
  }

  static String money(long minor, String currency) {
    return String.format(
        Locale.ROOT, "%d.%02d %s", minor / 100, minor % 100, currency.toUpperCase(Locale.ROOT));
  }
}
