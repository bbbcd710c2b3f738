package dev.plinth.spi;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A vertical's own settings: MicroProfile Config under its module id ({@code
 * campaigns.checkout-minutes}, or {@code CAMPAIGNS_CHECKOUT_MINUTES} in the environment), each with
 * its default. A bad value stops the start with a message that names the setting, rather than
 * failing every request later (a rate limit of zero would refuse them all).
 *
 * <pre>{@code
 * Settings s = Settings.of(TipjarModule.ID);
 * int perMinute = s.positive("tips-per-minute", 10);
 * Duration every = s.seconds("sweep-interval-seconds", 60);
 * }</pre>
 */
public final class Settings {

  private final String prefix;
  private final Function<String, Optional<String>> source;

  Settings(String moduleId, Function<String, Optional<String>> source) {
    this.prefix = moduleId + ".";
    this.source = source;
  }

  /** The settings under {@code <moduleId>.}, read from the application's MicroProfile Config. */
  public static Settings of(String moduleId) {
    var config = ConfigProvider.getConfig();
    return new Settings(moduleId, name -> config.getOptionalValue(name, String.class));
  }

  /**
   * The settings under {@code <moduleId>.}, from these values (full names, as {@code
   * credits.checkout-minutes}): how a vertical's unit test checks what its settings accept.
   */
  public static Settings of(String moduleId, Map<String, String> values) {
    return new Settings(moduleId, name -> Optional.ofNullable(values.get(name)));
  }

  /** The whole number {@code <id>.<name>}, or {@code defaultValue}; refused below 1. */
  public int positive(String name, int defaultValue) {
    String setting = prefix + name;
    Optional<String> raw = source.apply(setting).map(String::strip);
    try {
      return checkPositive(setting, raw.map(Integer::parseInt).orElse(defaultValue));
    } catch (NumberFormatException e) {
      throw new IllegalStateException(
          setting + " must be a whole number, not '" + raw.orElse("") + "'");
    }
  }

  /** {@link #positive} as seconds. */
  public Duration seconds(String name, int defaultValue) {
    return Duration.ofSeconds(positive(name, defaultValue));
  }

  /** {@link #positive} as minutes. */
  public Duration minutes(String name, int defaultValue) {
    return Duration.ofMinutes(positive(name, defaultValue));
  }

  /** {@link #positive} as hours. */
  public Duration hours(String name, int defaultValue) {
    return Duration.ofHours(positive(name, defaultValue));
  }

  /** {@link #positive} as days. */
  public Duration days(String name, int defaultValue) {
    return Duration.ofDays(positive(name, defaultValue));
  }

  /** The full name of a setting, such as {@code campaigns.checkout-minutes}, for messages. */
  public String name(String name) {
    return prefix + name;
  }

  /** {@code value} if it is at least 1; otherwise an {@link IllegalStateException} naming it. */
  public static int checkPositive(String setting, int value) {
    if (value < 1) {
      throw new IllegalStateException(setting + " must be positive, not " + value);
    }
    return value;
  }
}
