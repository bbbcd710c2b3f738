package dev.plinth.it;

import static dev.plinth.testkit.it.PlinthIt.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testkit.DatabaseProxyControl;
import dev.plinth.testkit.PlinthClient.Reply;
import dev.plinth.testkit.PlinthClient.TestTenant;
import dev.plinth.testkit.Poll;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Takes the database away from the running server through the test proxy, then gives it back:
 * readiness goes DOWN and the API answers 503, then both recover with no restart.
 */
class DatabaseOutageIT extends ItBase {

  final DatabaseProxyControl proxy = new DatabaseProxyControl(PlinthDeployment.dbControlPort());

  @AfterEach
  void restore() {
    proxy.restore();
  }

  @Test
  void readinessFollowsTheDatabaseWithoutARestart() {
    TestTenant t = client.onboard(ADMIN, "probe");
    proxy.cut();

    Reply down = await(r -> r.status() == 503, "health/ready");
    assertThat(down.body()).contains("\"database\"").contains("DOWN");
    assertThat(client.get("health/live", null).status()).isEqualTo(200);
    // the checks that read the database wait for one shared deadline (3 s by default), not one
    // each after the other: an answer after two of them means they were asked one by one
    long start = System.nanoTime();
    Reply again = client.get("health/ready", null);
    long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
    assertThat(again.status()).isEqualTo(503);
    assertThat(tookMs).as("readiness answered after %d ms", tookMs).isLessThan(6_000);
    assertThat(StartupIT.check(again, "webhooks").getString("status")).isEqualTo("DOWN");
    assertError(
        client.get("api/t/" + t.slug() + "/probe/notes", t.apiKey()), 503, "unavailable", null);

    proxy.restore();
    Reply up = await(r -> r.status() == 200, "health/ready");
    assertThat(up.json().getString("status")).isEqualTo("UP");
    await(r -> r.status() == 200, "api/t/" + t.slug() + "/probe/notes", t.apiKey());
  }

  Reply await(Predicate<Reply> condition, String path) {
    return await(condition, path, null);
  }

  Reply await(Predicate<Reply> condition, String path, String token) {
    return Poll.until(() -> client.get(path, token), condition, path);
  }
}
