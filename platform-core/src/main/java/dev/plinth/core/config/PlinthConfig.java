package dev.plinth.core.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The core's configuration, from environment variables through MicroProfile Config. Each value has
 * a safe default for a local run; see the README's configuration table.
 */
@ApplicationScoped
public class PlinthConfig {

  @Inject
  @ConfigProperty(name = "PLINTH_PUBLIC_URL", defaultValue = "http://localhost:9080")
  String publicUrl;

  @Inject
  @ConfigProperty(name = "PLINTH_ADMIN_TOKEN")
  Optional<String> adminToken;

  @Inject
  @ConfigProperty(name = "PLINTH_SECRETS_KEY")
  Optional<String> secretsKey;

  @Inject
  @ConfigProperty(name = "PLINTH_SESSION_KEY")
  Optional<String> sessionKey;

  @Inject
  @ConfigProperty(name = "PLINTH_LOCAL_DIR")
  Optional<String> localDir;

  @Inject
  @ConfigProperty(name = "PLINTH_DB_USER", defaultValue = "plinth_app")
  String dbUser;

  @Inject Config settings;

  @Inject
  @ConfigProperty(name = "PLINTH_MIGRATION_RETRY_SECONDS", defaultValue = "5")
  int migrationRetrySeconds;

  @Inject
  @ConfigProperty(name = "PLINTH_DB_CHECK_TIMEOUT_MS", defaultValue = "3000")
  int dbCheckTimeoutMs;

  @Inject
  @ConfigProperty(name = "PLINTH_MAX_BODY_BYTES", defaultValue = "1048576")
  int maxBodyBytes;

  @Inject
  @ConfigProperty(name = "STRIPE_API_BASE", defaultValue = "https://api.stripe.com")
  String stripeApiBase;

  @Inject
  @ConfigProperty(name = "STRIPE_SECRET_KEY")
  Optional<String> stripeSecretKey;

  @Inject
  @ConfigProperty(name = "STRIPE_CONNECT_WEBHOOK_SECRET")
  Optional<String> stripeConnectWebhookSecret;

  /**
   * Refuses to start outside a local run without the database passwords, the admin token, the
   * secrets key and the session key; see {@link RequiredSettings}.
   *
   * @throws IllegalStateException with the one-line message naming what is missing
   */
  public void requireDeploymentSettings() {
    RequiredSettings.refusal(requiredSettings())
        .ifPresent(
            message -> {
              throw new IllegalStateException(message);
            });
  }

  private Map<String, String> requiredSettings() {
    Map<String, String> values = new HashMap<>();
    Stream.concat(
            Stream.of(RequiredSettings.LOCAL_RUN), RequiredSettings.OUTSIDE_LOCAL_RUN.stream())
        .forEach(
            name ->
                settings.getOptionalValue(name, String.class).ifPresent(v -> values.put(name, v)));
    return values;
  }

  public String publicUrl() {
    return publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
  }

  public Optional<String> adminToken() {
    return adminToken.filter(s -> !s.isBlank());
  }

  public Optional<String> secretsKey() {
    return secretsKey.filter(s -> !s.isBlank());
  }

  /** The Ed25519 key that signs end users' session tokens; see {@code SessionTokens#fromKey}. */
  public Optional<String> sessionKey() {
    return sessionKey.filter(s -> !s.isBlank());
  }

  /** Where a local run keeps generated secrets. */
  public Path localDir() {
    return Path.of(
        localDir
            .filter(s -> !s.isBlank())
            .orElse(System.getProperty("server.output.dir", ".") + "/plinth-local"));
  }

  public String dbUser() {
    return dbUser;
  }

  public Duration migrationRetry() {
    return Duration.ofSeconds(Math.max(1, migrationRetrySeconds));
  }

  public Duration dbCheckTimeout() {
    return Duration.ofMillis(dbCheckTimeoutMs);
  }

  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  public String stripeApiBase() {
    return stripeApiBase;
  }

  public Optional<String> stripeSecretKey() {
    return stripeSecretKey.filter(s -> !s.isBlank());
  }

  /**
   * The platform's Connect webhook secrets: {@code STRIPE_CONNECT_WEBHOOK_SECRET} may list several,
   * comma-separated, so that a rotation can overlap.
   */
  public List<String> stripeConnectWebhookSecrets() {
    List<String> secrets = connectSecrets;
    if (secrets == null) {
      // read once: the value cannot change while Plinth runs, and every Connect delivery asks
      secrets = secretList(stripeConnectWebhookSecret);
      connectSecrets = secrets;
    }
    return secrets;
  }

  private volatile List<String> connectSecrets;

  /** A comma-separated list of secrets, trimmed, empty entries left out. */
  public static List<String> secretList(Optional<String> value) {
    return value.stream()
        .flatMap(s -> Arrays.stream(s.split(",")))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .toList();
  }
}
