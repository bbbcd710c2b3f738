package dev.plinth.reservations;

/** Where an item stands: free, held by a pending deposit, reserved by a paid one, or sold. */
public enum ItemStatus {
  available,
  held,
  reserved,
  sold
}
