package dev.plinth.core.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a deployment must set. A local run ({@code PLINTH_LOCAL_RUN=true}, which only the run
 * command sets, and only when it starts the embedded database) may rely on the embedded database's
 * passwords and generate its admin token, secrets key and session key. Anything else must set all
 * five, and Plinth refuses to start without them rather than fall back to a well-known password or
 * a key it would lose.
 */
public final class RequiredSettings {

  /** The flag of a local run. */
  public static final String LOCAL_RUN = "PLINTH_LOCAL_RUN";

  /** The settings required unless {@link #LOCAL_RUN} is {@code true}, in the order reported. */
  public static final List<String> OUTSIDE_LOCAL_RUN =
      List.of(
          "PLINTH_DB_PASSWORD",
          "PLINTH_DB_MIGRATION_PASSWORD",
          "PLINTH_ADMIN_TOKEN",
          "PLINTH_SECRETS_KEY",
          "PLINTH_SESSION_KEY");

  private RequiredSettings() {}

  /** Whether {@code settings} (by variable name; blank counts as unset) describe a local run. */
  public static boolean isLocalRun(Map<String, String> settings) {
    return "true".equalsIgnoreCase(settings.getOrDefault(LOCAL_RUN, "").trim());
  }

  /**
   * The one-line reason Plinth must not start with these settings, or empty when it may.
   *
   * @param settings the values by variable name; a blank value counts as unset
   */
  public static Optional<String> refusal(Map<String, String> settings) {
    if (isLocalRun(settings)) {
      return Optional.empty();
    }
    List<String> missing =
        OUTSIDE_LOCAL_RUN.stream()
            .filter(name -> settings.getOrDefault(name, "").isBlank())
            .toList();
    if (missing.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "Plinth cannot start: "
            + String.join(", ", missing)
            + (missing.size() == 1 ? " is" : " are")
            + " not set (required unless "
            + LOCAL_RUN
            + "=true)");
  }
}
