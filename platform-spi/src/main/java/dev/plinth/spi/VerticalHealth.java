package dev.plinth.spi;

/**
 * A vertical's contribution to readiness.
 *
 * @param healthy whether the vertical can serve
 * @param detail why not, or a short status
 */
public record VerticalHealth(boolean healthy, String detail) {

  public static VerticalHealth ok() {
    return new VerticalHealth(true, "ok");
  }

  public static VerticalHealth down(String why) {
    return new VerticalHealth(false, why);
  }
}
