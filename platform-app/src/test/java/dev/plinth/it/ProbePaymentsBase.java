package dev.plinth.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testkit.PlinthClient.Reply;
import dev.plinth.testkit.PlinthClient.TestTenant;
import dev.plinth.testkit.Poll;
import jakarta.json.JsonObject;
import java.util.List;

/** Checkouts of the probe vertical, and the typed payment events its listener wrote down. */
abstract class ProbePaymentsBase extends ItBase {

  /** A checkout of the probe through the billing service; returns the session. */
  JsonObject checkout(TestTenant t, String reference, String extra) {
    Reply r =
        client.post(
            "api/t/" + t.slug() + "/probe/checkout",
            null,
            "{\"reference\":\"" + reference + "\",\"email\":\"buyer@example.com\"," + extra + "}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  JsonObject checkout(TestTenant t, String reference, long amount) {
    return checkout(t, reference, "\"amount\":" + amount);
  }

  /** The events the probe's listener received. */
  List<JsonObject> received(TestTenant t) {
    Reply r = client.get("api/t/" + t.slug() + "/probe/payments", t.apiKey());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().getJsonArray("events").stream().map(JsonObject.class::cast).toList();
  }

  /** Waits for the {@code n}-th event of a kind (1-based) and returns it. */
  JsonObject await(TestTenant t, String kind, int n) {
    return Poll.until(
            () -> received(t).stream().filter(e -> e.getString("kind").equals(kind)).toList(),
            l -> l.size() >= n,
            n + " " + kind)
        .get(n - 1)
        .getJsonObject("event");
  }

  JsonObject await(TestTenant t, String kind) {
    return await(t, kind, 1);
  }

  static JsonObject facts(JsonObject event) {
    return event.getJsonObject("facts");
  }

  static long amount(JsonObject money) {
    return money.getJsonNumber("amount").longValue();
  }
}
