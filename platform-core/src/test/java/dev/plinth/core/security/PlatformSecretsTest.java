package dev.plinth.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.core.config.PlinthConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformSecretsTest {

  @TempDir Path dir;

  /** The configuration of a local run in {@code dir}, with a session key or none. */
  private PlatformSecrets secrets(Optional<String> sessionKey) {
    PlatformSecrets secrets = new PlatformSecrets();
    secrets.config =
        new PlinthConfig() {
          @Override
          public void requireDeploymentSettings() {}

          @Override
          public Optional<String> adminToken() {
            return Optional.of("local-admin-token-0123456789");
          }

          @Override
          public Optional<String> secretsKey() {
            return Optional.of("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
          }

          @Override
          public Optional<String> sessionKey() {
            return sessionKey;
          }

          @Override
          public Path localDir() {
            return dir;
          }
        };
    secrets.initialise();
    return secrets;
  }

  @Test
  void aLocalRunGeneratesTheSessionKeyOnceAndKeepsItAcrossRestarts() throws Exception {
    SessionTokens first = secrets(Optional.empty()).sessionTokens();
    Path file = dir.resolve("session-key");
    assertThat(file).exists();
    String kept = Files.readString(file).trim();
    assertThat(java.util.Base64.getDecoder().decode(kept)).hasSize(32);

    String token =
        first.sign(
            new SessionTokens.Claims(
                UUID.randomUUID(), "u1", 0, Instant.EPOCH, Instant.EPOCH.plusSeconds(60), "j"));
    SessionTokens restarted = secrets(Optional.empty()).sessionTokens();
    assertThat(restarted.verify(token, Instant.EPOCH)).isPresent();
    assertThat(Files.readString(file).trim()).isEqualTo(kept);
    assertThat(SessionTokens.fromKey(kept).verify(token, Instant.EPOCH)).isPresent();
  }

  @Test
  void aSetKeyIsUsedAndABadOneRefusesTheStart() {
    String key = SessionTokens.generateKey();
    SessionTokens tokens = secrets(Optional.of(key)).sessionTokens();
    assertThat(dir.resolve("session-key")).doesNotExist();
    String token =
        tokens.sign(
            new SessionTokens.Claims(
                UUID.randomUUID(), "u1", 0, Instant.EPOCH, Instant.EPOCH.plusSeconds(60), "j"));
    assertThat(SessionTokens.fromKey(key).verify(token, Instant.EPOCH)).isPresent();

    assertThatThrownBy(() -> secrets(Optional.of("c2hvcnQ=")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Plinth refuses to start: PLINTH_SESSION_KEY must be base64")
        .hasMessageNotContaining("c2hvcnQ=");
  }
}
