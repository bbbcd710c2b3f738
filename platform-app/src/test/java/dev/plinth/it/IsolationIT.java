package dev.plinth.it;

import static dev.plinth.testkit.it.PlinthIt.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testkit.PlinthClient.Reply;
import dev.plinth.testkit.PlinthClient.TestTenant;
import org.junit.jupiter.api.Test;

/** Tenant A's key cannot read or change anything of tenant B's, through any endpoint. */
class IsolationIT extends ItBase {

  /** A new note of the tenant's: its id. */
  String note(TestTenant t, String body) {
    return client
        .post("api/t/" + t.slug() + "/probe/notes", t.apiKey(), "{\"body\":\"" + body + "\"}")
        .json()
        .getString("id");
  }

  @Test
  void anotherTenantsKeyGetsNotFoundEverywhere() {
    TestTenant a = client.onboard(ADMIN, "probe");
    TestTenant b = client.onboard(ADMIN, "probe");
    String noteOfA = note(a, "A's secret");

    String key = b.apiKey();
    String pa = "api/tenants/" + a.slug();
    assertError(client.get(pa, key), 404, "not_found", null);
    assertError(
        client.put(pa + "/stripe", key, "{\"mode\":\"connect\",\"accountId\":\"acct_stolen1\"}"),
        404,
        "not_found",
        null);
    assertError(
        client.put(pa + "/webhook-secret", key, "{\"webhookSecret\":\"whsec_stolen12345\"}"),
        404,
        "not_found",
        null);
    assertError(client.post(pa + "/api-key", key, null), 404, "not_found", null);
    assertError(client.get("api/t/" + a.slug() + "/errors", key), 404, "not_found", null);
    assertError(client.get(pa + "/panels", key), 404, "not_found", null);
    assertError(client.get("api/t/" + a.slug() + "/probe/notes", key), 404, "not_found", null);
    assertError(
        client.get("api/t/" + a.slug() + "/probe/notes/" + noteOfA, key), 404, "not_found", null);
    assertError(
        client.put("api/t/" + a.slug() + "/probe/notes/" + noteOfA, key, "{\"body\":\"owned\"}"),
        404,
        "not_found",
        null);
    // B cannot reach A's note through its own path either: the row is not B's
    assertError(
        client.get("api/t/" + b.slug() + "/probe/notes/" + noteOfA, key), 404, "not_found", null);
    assertError(
        client.put("api/t/" + b.slug() + "/probe/notes/" + noteOfA, key, "{\"body\":\"owned\"}"),
        404,
        "not_found",
        null);

    // a tenant that does not exist looks the same as one that is not yours
    assertThat(client.get("api/tenants/nobody-here", key).body())
        .isEqualTo(client.get(pa, key).body().replace(a.slug(), "nobody-here"));

    // A's data is untouched and B sees only its own rows, even through native SQL
    Reply aNotes = client.get("api/t/" + a.slug() + "/probe/notes", a.apiKey());
    assertThat(
            aNotes.json().getJsonArray("notes").stream()
                .map(n -> n.asJsonObject().getString("body")))
        .containsExactly("welcome, " + a.slug(), "A's secret");
    Reply bNotes = client.get("api/t/" + b.slug() + "/probe/notes", key);
    assertThat(bNotes.json().getJsonArray("notes")).hasSize(1);
    assertThat(bNotes.json().getInt("visibleRows")).isEqualTo(1);
    assertThat(client.get(pa, a.apiKey()).json().getJsonObject("stripe").getString("mode"))
        .isEqualTo("direct");
  }

  @Test
  void aQuickReadOutsideATransactionSeesOnlyTheBoundTenantsRows() {
    TestTenant a = client.onboard(ADMIN, "probe");
    TestTenant b = client.onboard(ADMIN, "probe");
    String noteOfA = note(a, "A's secret");
    String noteOfB = note(b, "B's own");
    note(b, "B's other");

    Reply own = client.get("api/t/" + a.slug() + "/probe/notes/" + noteOfA + "/peek", a.apiKey());
    assertThat(own.status()).as(own.body()).isEqualTo(200);
    assertThat(own.json().getString("body")).isEqualTo("A's secret");
    // A's welcome note and its secret
    assertThat(own.json().getJsonNumber("visibleRows").longValue()).isEqualTo(2);

    // B's quick read of A's note: not there, and only B's three notes are visible
    Reply other = client.get("api/t/" + b.slug() + "/probe/notes/" + noteOfA + "/peek", b.apiKey());
    assertThat(other.status()).as(other.body()).isEqualTo(200);
    assertThat(other.json().getString("body", null)).isNull();
    assertThat(other.json().getJsonNumber("visibleRows").longValue()).isEqualTo(3);
    Reply bOwn = client.get("api/t/" + b.slug() + "/probe/notes/" + noteOfB + "/peek", b.apiKey());
    assertThat(bOwn.json().getString("body")).isEqualTo("B's own");
  }

  @Test
  void aVerticalAnswersOnlyForItsOwnTenants() {
    TestTenant probe = client.onboard(ADMIN, "probe");
    TestTenant echo = client.onboard(ADMIN, "echo");
    assertThat(client.get("api/t/" + echo.slug() + "/echo/hello", null).json().getString("tenant"))
        .isEqualTo(echo.slug());
    assertError(client.get("api/t/" + probe.slug() + "/echo/hello", null), 404, "not_found", null);
    assertError(client.get("api/t/" + echo.slug() + "/probe/hello", null), 404, "not_found", null);
    assertError(
        client.get("api/t/" + echo.slug() + "/nothing/hello", null), 404, "not_found", null);
    assertError(client.get("api/t/no-such-tenant/probe/hello", null), 404, "not_found", null);
  }

  @Test
  void tenantEndpointsNeedTheKey() {
    TestTenant a = client.onboard(ADMIN, "probe");
    assertError(client.get("api/t/" + a.slug() + "/probe/notes", null), 401, "unauthorized", null);
    assertThat(client.get("api/t/" + a.slug() + "/probe/hello", null).json().getString("actor"))
        .isEqualTo("CUSTOMER");
    assertThat(client.get("api/t/" + a.slug() + "/probe/notes", ADMIN).status()).isEqualTo(200);
  }

  @Test
  void aVerticalsPanelsShowItsOwnTenantsFiguresOnly() {
    TestTenant a = client.onboard(ADMIN, "probe");
    TestTenant b = client.onboard(ADMIN, "probe");
    client.post("api/t/" + a.slug() + "/probe/notes", a.apiKey(), json("body", "first of A"));
    client.post("api/t/" + a.slug() + "/probe/notes", a.apiKey(), json("body", "second of A"));
    client.post("api/t/" + b.slug() + "/probe/notes", b.apiKey(), json("body", "only of B"));

    Reply panels = client.get("api/tenants/" + a.slug() + "/panels", a.apiKey());
    assertThat(panels.status()).as(panels.body()).isEqualTo(200);
    var panel = panels.json().getJsonArray("panels").getJsonObject(0);
    assertThat(panel.getString("id")).isEqualTo("notes");
    // the notes A has: its two and whatever the probe made when A was provisioned
    assertThat(panel.getJsonArray("figures").getJsonObject(0).getInt("value"))
        .isEqualTo(notes(a).size())
        .isEqualTo(notes(b).size() + 1);
    assertThat(panel.getJsonArray("tables").getJsonObject(0).getJsonArray("rows").toString())
        .contains("first of A")
        .doesNotContain("only of B");
    assertThat(
            client.get("api/tenants/" + a.slug() + "/panels", ADMIN).json().getJsonArray("panels"))
        .isEqualTo(panels.json().getJsonArray("panels"));
    assertError(client.get("api/tenants/" + a.slug() + "/panels", null), 401, "unauthorized", null);
  }
}
