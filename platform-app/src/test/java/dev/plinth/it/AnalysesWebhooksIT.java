package dev.plinth.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testkit.Concurrently;
import dev.plinth.testkit.PlinthClient.Reply;
import dev.plinth.testkit.PlinthClient.TestTenant;
import dev.plinth.testkit.Poll;
import dev.plinth.testkit.stripe.Delivery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A thousand and more subscription events of one tenant delivered at once, each twice: every event
 * is recorded and processed once, and every user ends on the tier it paid for.
 */
class AnalysesWebhooksIT extends ItBase {

  static final int USERS = 100;

  @Test
  void overAThousandEventsAtOnceWithDuplicatesLeaveEveryUserRight() throws Exception {
    TestTenant t = onboard("analyses");
    List<Map<String, Object>> held = new ArrayList<>();
    for (int i = 0; i < USERS; i++) {
      String ref = "bulk-" + i + "-" + UUID.randomUUID();
      Reply put =
          client.put(
              "api/tenants/" + t.slug() + "/users/" + ref,
              t.apiKey(),
              json("email", ref + "@example.com"));
      assertThat(put.status()).as(put.body()).isEqualTo(201);
      Reply started =
          client.post(
              api(t, "analyses", "users/" + ref + "/subscription/checkout"),
              t.apiKey(),
              json("tier", "starter"));
      assertThat(started.status()).as(started.body()).isEqualTo(201);
      // paid at Stripe, its events held back
      held.addAll(sim.pay(started.json().getString("sessionId"), Delivery.none()));
    }
    List<String> ids = held.stream().map(e -> (String) e.get("id")).distinct().toList();
    assertThat(ids).hasSizeGreaterThanOrEqualTo(1000);

    Concurrently.run(
        ids.size(),
        16,
        i -> {
          sim.redeliver(ids.get(i), Delivery.normal().copies(2).concurrently());
          return null;
        });

    String expected = ids.size() + "/" + ids.size();
    Poll.until(
        Duration.ofMinutes(4),
        () ->
            Db.ownerQuery(
                "SELECT count(*) FILTER (WHERE e.status IN ('completed', 'skipped')) || '/'"
                    + " || count(*) FROM core.webhook_events e JOIN core.tenants t"
                    + " ON t.id = e.tenant_id WHERE t.slug = ?"
                    + " AND e.event_id = ANY (string_to_array(?, ','))",
                t.slug(),
                String.join(",", ids)),
        expected::equals,
        "every event recorded once and processed");
    assertThat(
            client
                .get(api(t, "analyses", "admin/users?tier=starter&status=active"), t.apiKey())
                .json()
                .getJsonArray("users"))
        .hasSize(USERS);
    assertThat(client.get(api(t, "analyses", "admin/revenue"), t.apiKey()).json().getInt("mrr"))
        .isEqualTo(USERS * 900);
  }
}
