package dev.plinth.it;

import dev.plinth.testkit.PlinthClient;
import dev.plinth.testkit.Poll;
import java.time.Duration;

/** Waits for a freshly deployed Plinth to finish its migrations. */
final class Readiness {

  private Readiness() {}

  static void await(PlinthClient client) {
    Poll.until(
        Duration.ofSeconds(90),
        () -> client.get("health/ready", null),
        r -> r.status() == 200,
        "Plinth to become ready");
  }
}
