package dev.plinth.it;

import static dev.plinth.it.WebhookIntakeIT.deliverSigned;
import static dev.plinth.it.WebhookIntakeIT.event;
import static dev.plinth.it.WebhookIntakeIT.newEventId;
import static dev.plinth.it.WebhookIntakeIT.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testkit.PlinthClient.Reply;
import dev.plinth.testkit.PlinthClient.TestTenant;
import dev.plinth.testkit.Poll;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * "A 200 means the event is on disk": a delivery acknowledged just before a PostgreSQL backend of
 * the application is killed with SIGKILL is still there once the postmaster has reset the cluster
 * and replayed its WAL, and it is processed once. The test is valid only with {@code
 * synchronous_commit=on}: with it off, a commit returns before its WAL leaves shared memory, and
 * the reset throws that memory away. The kill resets every connection of the cluster, so this class
 * runs after all the others ({@link RunLast}).
 */
@RunLast
class BackendKillIT extends ItBase {

  @Test
  void anAcknowledgedDeliverySurvivesAKilledBackend() throws Exception {
    assertThat(Db.ownerQuery("SELECT current_setting(?)", "synchronous_commit"))
        .as("synchronous_commit of the test database; with it off this test proves nothing")
        .isEqualTo("on");
    TestTenant t = client.onboard(ADMIN, "probe");
    List<Long> before =
        Poll.until(() -> orNull(BackendKillIT::appBackends), b -> !b.isEmpty(), "a backend");

    String id = newEventId();
    Reply ack = deliverSigned(base, t, event(id, null));
    assertThat(ack.status()).as(ack.body()).isEqualTo(200);
    long victim = appBackends().get(0);
    assertThat(ProcessHandle.of(victim).orElseThrow().destroyForcibly()).isTrue();

    // the postmaster saw a backend die and reset the cluster: no backend of before is left
    Poll.until(
        () -> orNull(BackendKillIT::appBackends),
        now -> now.stream().noneMatch(before::contains),
        "the postmaster to reset every backend after the kill of " + victim);
    awaitReady(client);

    assertThat(rows(id)).as("the acknowledged event, after the kill").isEqualTo(1);
    // processing interrupted by the kill is retried; the clock skips the retry delay and the lease
    String status =
        Poll.until(
            Duration.ofSeconds(60),
            () -> {
              client.post("api/admin/clock/advance?seconds=120", ADMIN, null);
              return orNull(
                  () ->
                      Db.ownerQuery(
                          "SELECT status FROM core.webhook_events WHERE event_id = ?", id));
            },
            "completed"::equals,
            "event " + id + " processed");
    assertThat(status).isEqualTo("completed");
    assertThat(notes(t))
        .filteredOn(n -> n.startsWith("paid "))
        .containsExactly("paid cs_test_" + id.substring(4));
  }

  /** The pids of the backends serving the application role, the busiest first. */
  static List<Long> appBackends() throws SQLException {
    try (Connection c = Db.owner();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT pid FROM pg_stat_activity WHERE usename = 'plinth_app'"
                    + " ORDER BY (state = 'active') DESC, backend_start DESC")) {
      List<Long> pids = new ArrayList<>();
      while (rs.next()) {
        pids.add(rs.getLong(1));
      }
      return pids;
    }
  }

  /** The answer, or null while the database refuses connections (during its reset). */
  static <T> T orNull(Callable<T> query) throws Exception {
    try {
      return query.call();
    } catch (SQLException e) {
      return null;
    }
  }
}
