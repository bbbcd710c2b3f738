package dev.plinth.spi;

/**
 * Checks of a vertical's own settings (MicroProfile Config under its {@code <id>.} prefix), for its
 * {@code @PostConstruct}: a bad value stops the start with a message that names the setting, rather
 * than failing every request later (a rate limit of zero would refuse them all).
 */
public final class Settings {

  private Settings() {}

  /** {@code value} if it is at least 1; otherwise an {@link IllegalStateException} naming it. */
  public static int positive(String setting, int value) {
    if (value < 1) {
      throw new IllegalStateException(setting + " must be positive, not " + value);
    }
    return value;
  }
}
