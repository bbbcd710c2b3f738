package dev.plinth.spi;

/**
 * A message to a person, such as a confirmation to a customer or to the tenant's owner.
 *
 * @param to the recipient's email address
 * @param subject one line
 * @param body plain text
 * @param kind what it is about, for the log and for filtering, such as {@code
 *     reservation.confirmed}
 */
public record Notification(String to, String subject, String body, String kind) {

  public Notification {
    if (to == null || !dev.plinth.spi.web.Fields.EMAIL.matcher(to).matches()) {
      throw new IllegalArgumentException("a notification needs an email address to go to");
    }
    if (subject == null || subject.isBlank() || subject.contains("\n")) {
      throw new IllegalArgumentException("a notification needs a one-line subject");
    }
    if (body == null) {
      throw new IllegalArgumentException("a notification needs a body");
    }
    if (kind == null || kind.isBlank()) {
      throw new IllegalArgumentException("a notification needs a kind");
    }
  }
}
