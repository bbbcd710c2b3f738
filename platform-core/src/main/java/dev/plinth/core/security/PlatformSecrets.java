package dev.plinth.core.security;

import dev.plinth.core.config.PlinthConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The admin token, the key that seals tenant secrets and the key that signs end users' session
 * tokens. All come from the environment. A local run ({@code PLINTH_LOCAL_RUN=true}) may generate
 * them into its data directory (kept across restarts); anywhere else all are required, and Plinth
 * refuses to start without them.
 */
@ApplicationScoped
public class PlatformSecrets {

  private static final Logger LOG = Logger.getLogger(PlatformSecrets.class.getName());

  @Inject PlinthConfig config;

  private volatile String adminToken;
  private volatile SecretBox box;
  private volatile SessionTokens sessionTokens;
  private volatile boolean generatedAdminToken;

  /**
   * Resolves the secrets.
   *
   * @throws IllegalStateException with an operator-facing message when they are missing or bad
   */
  public synchronized void initialise() {
    if (box != null) {
      return;
    }
    Optional<String> token = config.adminToken();
    Optional<String> key = config.secretsKey();
    config.requireDeploymentSettings();
    if (token.isPresent()) {
      if (token.get().length() < 16) {
        throw new IllegalStateException(
            "Plinth refuses to start: PLINTH_ADMIN_TOKEN must be at least 16 characters");
      }
      adminToken = token.get();
    } else {
      adminToken = localSecret("admin-token", () -> "adm_" + Tokens.random(32));
      generatedAdminToken = true;
    }
    String keyValue =
        key.orElseGet(
            () -> {
              LOG.warning(
                  "PLINTH_SECRETS_KEY is not set: this local run seals tenant secrets under a key"
                      + " generated into "
                      + config.localDir()
                      + ". Set PLINTH_SECRETS_KEY for any real deployment.");
              return localSecret(
                  "secrets-key",
                  () -> {
                    byte[] raw = new byte[32];
                    new java.security.SecureRandom().nextBytes(raw);
                    return Base64.getEncoder().encodeToString(raw);
                  });
            });
    String sessionKey =
        config.sessionKey().orElseGet(() -> localSecret("session-key", SessionTokens::generateKey));
    try {
      sessionTokens = SessionTokens.fromKey(sessionKey);
      box = new SecretBox(keyValue);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("Plinth refuses to start: " + e.getMessage());
    }
  }

  public boolean isAdminToken(String presented) {
    return Tokens.constantTimeEquals(presented, adminToken);
  }

  public SecretBox box() {
    if (box == null) {
      initialise();
    }
    return box;
  }

  /** Signs and verifies end users' session tokens under {@code PLINTH_SESSION_KEY}. */
  public SessionTokens sessionTokens() {
    if (box == null) { // set last: once it is, so is everything else, and no lock is needed
      initialise();
    }
    return sessionTokens;
  }

  /** The admin token, only when this local run generated it (to print at start). */
  public Optional<String> generatedAdminToken() {
    return generatedAdminToken ? Optional.of(adminToken) : Optional.empty();
  }

  private String localSecret(String name, java.util.function.Supplier<String> generator) {
    Path file = config.localDir().resolve(name);
    try {
      if (Files.exists(file)) {
        return Files.readString(file).trim();
      }
      Files.createDirectories(file.getParent());
      String value = generator.get();
      Files.writeString(file, value + "\n");
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system
      }
      return value;
    } catch (IOException e) {
      throw new IllegalStateException(
          "Plinth refuses to start: cannot keep " + name + " in " + file + ": " + e.getMessage());
    }
  }
}
