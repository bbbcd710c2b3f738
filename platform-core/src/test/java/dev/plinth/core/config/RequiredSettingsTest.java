package dev.plinth.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RequiredSettingsTest {

  private static final Map<String, String> COMPLETE =
      Map.of(
          "PLINTH_DB_PASSWORD", "app-secret",
          "PLINTH_DB_MIGRATION_PASSWORD", "owner-secret",
          "PLINTH_ADMIN_TOKEN", "0123456789abcdef0123",
          "PLINTH_SECRETS_KEY", "MDEyMzQ1Njc4OWFiY2RlZg==",
          "PLINTH_SESSION_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");

  @Test
  void aDeploymentWithNothingSetIsRefusedNamingEverythingMissing() {
    assertThat(RequiredSettings.refusal(Map.of()))
        .contains(
            "Plinth cannot start: PLINTH_DB_PASSWORD, PLINTH_DB_MIGRATION_PASSWORD,"
                + " PLINTH_ADMIN_TOKEN, PLINTH_SECRETS_KEY, PLINTH_SESSION_KEY are not set"
                + " (required unless PLINTH_LOCAL_RUN=true)");
  }

  @Test
  void theMessageNamesExactlyWhatIsMissingAndBlankCountsAsUnset() {
    Map<String, String> settings =
        Map.of(
            "PLINTH_DB_URL", "jdbc:postgresql://db.example/plinth",
            "PLINTH_DB_PASSWORD", " ",
            "PLINTH_DB_MIGRATION_PASSWORD", "owner-secret",
            "PLINTH_SECRETS_KEY", "MDEyMzQ1Njc4OWFiY2RlZg==",
            "PLINTH_SESSION_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
    assertThat(RequiredSettings.refusal(settings))
        .contains(
            "Plinth cannot start: PLINTH_DB_PASSWORD, PLINTH_ADMIN_TOKEN are not set (required"
                + " unless PLINTH_LOCAL_RUN=true)");
    assertThat(RequiredSettings.refusal(Map.of("PLINTH_DB_PASSWORD", "x")).orElseThrow())
        .doesNotContain("PLINTH_DB_PASSWORD,")
        .contains(
            "PLINTH_DB_MIGRATION_PASSWORD, PLINTH_ADMIN_TOKEN, PLINTH_SECRETS_KEY,"
                + " PLINTH_SESSION_KEY are");
  }

  @Test
  void oneMissingSettingIsNamedInTheSingular() {
    for (String name : new String[] {"PLINTH_SECRETS_KEY", "PLINTH_SESSION_KEY"}) {
      Map<String, String> settings = new java.util.HashMap<>(COMPLETE);
      settings.remove(name);
      assertThat(RequiredSettings.refusal(settings))
          .contains(
              "Plinth cannot start: "
                  + name
                  + " is not set (required unless PLINTH_LOCAL_RUN=true)");
    }
  }

  @Test
  void aCompleteDeploymentStarts() {
    assertThat(RequiredSettings.refusal(COMPLETE)).isEmpty();
    assertThat(RequiredSettings.isLocalRun(COMPLETE)).isFalse();
  }

  @Test
  void onlyAnExplicitLocalRunMayLeaveThemUnset() {
    assertThat(RequiredSettings.refusal(Map.of("PLINTH_LOCAL_RUN", "true"))).isEmpty();
    assertThat(RequiredSettings.isLocalRun(Map.of("PLINTH_LOCAL_RUN", "TRUE"))).isTrue();
    // the absence of a database URL no longer makes a run local
    assertThat(RequiredSettings.isLocalRun(Map.of())).isFalse();
    assertThat(RequiredSettings.refusal(Map.of("PLINTH_LOCAL_RUN", "false"))).isPresent();
    assertThat(RequiredSettings.refusal(Map.of("PLINTH_LOCAL_RUN", "yes"))).isPresent();
  }
}
