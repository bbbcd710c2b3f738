package dev.plinth.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testkit.PlinthClient.TestTenant;
import dev.plinth.testkit.Poll;
import dev.plinth.testkit.stripe.Fixtures;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A tenant's webhook log and error log per reference of its vertical ({@code ?reference=}): the
 * events whose Stripe object belongs to that checkout, found by Plinth's metadata or, for objects
 * that carry none, through the host's records of the checkout; and the errors recorded while
 * processing them. Each reference sees its own only, and another tenant sees nothing of it.
 */
class LogsByReferenceIT extends ProbePaymentsBase {

  JsonObject get(TestTenant t, String path) {
    return ok(client.get("api/t/" + t.slug() + "/" + path, t.apiKey()));
  }

  List<JsonObject> events(TestTenant t, String reference) {
    return items(get(t, "webhooks?limit=500&reference=" + reference), "events");
  }

  List<JsonObject> errors(TestTenant t, String reference) {
    return items(get(t, "errors?reference=" + reference), "errors");
  }

  static List<JsonObject> items(JsonObject page, String name) {
    return page.getJsonArray(name).stream().map(JsonValue::asJsonObject).toList();
  }

  static List<String> ids(List<JsonObject> items, String field) {
    return items.stream().map(e -> e.getString(field)).toList();
  }

  /** A charge of the checkout's payment, without Plinth's metadata (as a failed retry has it). */
  Map<String, Object> bareCharge(String sessionId) {
    String pi = (String) sim.object(sessionId).orElseThrow().get("payment_intent");
    Map<String, Object> charge = Fixtures.of("charge");
    charge.put("id", "ch_1" + UUID.randomUUID().toString().replace("-", "").substring(0, 20));
    charge.put("payment_intent", pi);
    charge.put("metadata", new LinkedHashMap<>());
    return charge;
  }

  @Test
  void eachReferenceSeesItsOwnDeliveriesAndErrorsAndNoOtherTenantSeesThem() {
    TestTenant t = onboard("probe");
    TestTenant other = onboard("probe");
    String a = "ref-a-" + UUID.randomUUID();
    String b = "ref-b-" + UUID.randomUUID();
    String sessionA = checkout(t, a, 1500).getString("sessionId");
    String sessionB = checkout(t, b, 2500).getString("sessionId");
    pay(t, sessionA);
    pay(t, sessionB);

    // a's charge fails in the probe's handler; b's pending charge makes the probe report a
    // warning: neither charge carries metadata, so only the host's records tie it to its checkout
    Map<String, Object> failing = PaymentEventsIT.event("charge.failed", bareCharge(sessionA));
    Map<String, Object> pending = PaymentEventsIT.event("charge.pending", bareCharge(sessionB));
    deliverByHand(t, failing);
    deliverByHand(t, pending);
    String failedId = (String) failing.get("id");
    String pendingId = (String) pending.get("id");
    awaitEvent(
        t, failedId, e -> e.getInt("attempts") >= 1 && !e.getString("status").equals("processing"));
    awaitEvent(t, pendingId, e -> e.getString("status").equals("completed"));

    List<JsonObject> ofA = events(t, a);
    List<JsonObject> ofB = events(t, b);
    assertThat(ofA).extracting(e -> e.getString("reference")).containsOnly(a);
    assertThat(ofB).extracting(e -> e.getString("reference")).containsOnly(b);
    assertThat(ids(ofA, "eventId")).contains(failedId).doesNotContain(pendingId);
    assertThat(ids(ofB, "eventId")).contains(pendingId).doesNotContain(failedId);
    // the checkout's own events, by its metadata
    assertThat(ofA)
        .anySatisfy(
            e -> {
              assertThat(e.getString("type")).isEqualTo("checkout.session.completed");
              assertThat(e.getString("objectId")).isEqualTo(sessionA);
            });
    assertThat(ids(ofB, "objectId")).contains(sessionB).doesNotContain(sessionA);
    // the other filters still apply on top
    assertThat(items(get(t, "webhooks?type=charge.failed&reference=" + b), "events")).isEmpty();

    // the errors: a's failure (recorded by the worker), b's warning (reported by the vertical)
    JsonObject failure = Poll.until(() -> errors(t, a), l -> !l.isEmpty(), "a's error").get(0);
    assertThat(failure.getString("eventId")).isEqualTo(failedId);
    assertThat(failure.getString("reference")).isEqualTo(a);
    assertThat(failure.getString("message")).contains("the probe refuses charge.failed");
    List<JsonObject> warnings = errors(t, b);
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0).getString("message")).startsWith("the probe saw a pending charge");
    assertThat(warnings.get(0).getString("eventId")).isEqualTo(pendingId);
    assertThat(warnings.get(0).getString("reference")).isEqualTo(b);
    assertThat(ids(errors(t, a), "id")).doesNotContain(warnings.get(0).getString("id"));
    // grouped by fingerprint, with the same filter
    assertThat(
            items(get(t, "errors/groups?reference=" + a), "groups").stream()
                .map(g -> g.getString("fingerprint"))
                .toList())
        .containsExactly(failure.getString("fingerprint"));

    // another tenant asking for the same references sees nothing
    for (String reference : List.of(a, b)) {
      assertThat(events(other, reference)).isEmpty();
      assertThat(errors(other, reference)).isEmpty();
      assertThat(items(get(other, "errors/groups?reference=" + reference), "groups")).isEmpty();
    }
    // an unknown reference finds nothing; an over-long one is no reference at all
    assertThat(events(t, "no-such-reference")).isEmpty();
    assertThat(errors(t, "no-such-reference")).isEmpty();
    String tooLong = "x".repeat(201);
    for (String path : List.of("webhooks", "errors", "errors/groups")) {
      assertError(
          client.get("api/t/" + t.slug() + "/" + path + "?reference=" + tooLong, t.apiKey()),
          400,
          "invalid_request",
          "reference");
    }
  }
}
