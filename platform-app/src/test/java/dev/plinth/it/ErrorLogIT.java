package dev.plinth.it;

import static dev.plinth.testkit.it.PlinthIt.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testkit.PlinthClient.Reply;
import dev.plinth.testkit.PlinthClient.TestTenant;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

class ErrorLogIT extends ItBase {

  @Test
  void anEntityManagerWithNoTenantFailsCleanlyAndIsLoggedWithContext() {
    TestTenant t = client.onboard(ADMIN, "probe");
    Reply r = client.get("api/t/" + t.slug() + "/probe/unscoped", t.apiKey());
    assertError(r, 500, "internal_error", null);
    String errorId = r.json().getString("errorId");
    assertThat(r.body()).doesNotContain("EclipseLink").doesNotContain("tenant-id");

    Reply again = client.get("api/t/" + t.slug() + "/probe/unscoped", t.apiKey());
    assertThat(again.json().getString("errorId")).isEqualTo(errorId);

    JsonObject entry = find(client.get("api/admin/errors?tenant=" + t.slug(), ADMIN), errorId);
    assertThat(entry.getString("severity")).isEqualTo("error");
    assertThat(entry.getString("category")).isEqualTo("api");
    assertThat(entry.getString("tenant")).isEqualTo(t.slug());
    assertThat(entry.getString("requestMethod")).isEqualTo("GET");
    assertThat(entry.getString("requestPath")).isEqualTo("/api/t/" + t.slug() + "/probe/unscoped");
    assertThat(entry.getString("userId")).isEqualTo("tenant:" + t.slug());
    assertThat(entry.getInt("occurrences")).isEqualTo(2);
    assertThat(entry.getString("stackTrace")).contains("6174");
    assertThat(entry.getBoolean("resolved")).isFalse();

    // the tenant sees its own entry, without the stack trace; another tenant does not
    JsonObject own = find(client.get("api/t/" + t.slug() + "/errors", t.apiKey()), errorId);
    assertThat(own.containsKey("stackTrace")).isFalse();
    TestTenant other = client.onboard(ADMIN, "probe");
    assertThat(client.get("api/t/" + other.slug() + "/errors", other.apiKey()).body())
        .doesNotContain(errorId);

    // resolving closes it; a repeat then opens a new entry
    Reply resolved = client.post("api/admin/errors/" + errorId + "/resolve", ADMIN, null);
    assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
    assertThat(resolved.json().getBoolean("resolved")).isTrue();
    assertThat(resolved.json().getString("resolvedBy")).isEqualTo("admin");
    assertThat(client.get("api/admin/errors?resolved=true&tenant=" + t.slug(), ADMIN).body())
        .contains(errorId);
    String next =
        client.get("api/t/" + t.slug() + "/probe/unscoped", t.apiKey()).json().getString("errorId");
    assertThat(next).isNotEqualTo(errorId);
  }

  @Test
  void adminFiltersAreChecked() {
    assertError(
        client.get("api/admin/errors?severity=loud", ADMIN), 400, "invalid_request", "severity");
    assertError(client.get("api/admin/errors?limit=0", ADMIN), 400, "invalid_request", "limit");
    assertError(client.get("api/admin/errors", null), 401, "unauthorized", null);
    assertError(client.get("api/admin/errors?tenant=nobody-here", ADMIN), 404, "not_found", null);
    assertError(
        client.post("api/admin/errors/not-an-id/resolve", ADMIN, null), 404, "not_found", null);
    assertThat(client.get("api/admin/errors?severity=error&resolved=false", ADMIN).status())
        .isEqualTo(200);
  }

  @Test
  void unknownPathsAndMethodsAreJson() {
    assertError(client.get("api/nothing-here", null), 404, "not_found", null);
    assertError(
        client.send("DELETE", "api/verticals", null, null, null), 405, "method_not_allowed", null);
  }

  static JsonObject find(Reply list, String id) {
    assertThat(list.status()).as(list.body()).isEqualTo(200);
    return list.json().getJsonArray("errors").stream()
        .map(v -> v.asJsonObject())
        .filter(e -> e.getString("id").equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no entry " + id + " in " + list.body()));
  }
}
