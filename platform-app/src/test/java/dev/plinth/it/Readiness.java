package dev.plinth.it;

import dev.plinth.testkit.PlinthClient;
import java.time.Duration;
import java.time.Instant;

/** Waits for a freshly deployed Plinth to finish its migrations. */
final class Readiness {

  private Readiness() {}

  static void await(PlinthClient client) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    PlinthClient.Reply last = null;
    while (Instant.now().isBefore(deadline)) {
      last = client.get("health/ready", null);
      if (last.status() == 200) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("Plinth did not become ready: " + last);
  }
}
