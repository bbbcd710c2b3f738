package dev.plinth.it;

import static dev.plinth.it.WebhookIntakeIT.deliverSigned;
import static dev.plinth.it.WebhookIntakeIT.event;
import static dev.plinth.it.WebhookIntakeIT.newEventId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testkit.PlinthClient.Reply;
import dev.plinth.testkit.PlinthClient.TestTenant;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What the admin console reads: the lists paged back with {@code before} and bounded with {@code
 * from}/{@code to}, errors grouped by fingerprint, and the history of job runs. Rows whose times a
 * test sets are put in a stretch of the past that no other test writes to.
 */
class ConsoleApisIT extends ItBase {

  /** A start in the past, different for each test, and hours after it. */
  static Instant past() {
    return Instant.parse("2001-01-01T00:00:00Z")
        .plus(Duration.ofDays(ThreadLocalRandom.current().nextInt(3_000)));
  }

  /** A query parameter's value, URL-encoded: an instant (as ISO-8601), a cursor, a name. */
  static String iso(Object value) {
    return URLEncoder.encode(value.toString(), StandardCharsets.UTF_8);
  }

  static String tenantId(TestTenant t) throws Exception {
    return Db.ownerQuery("SELECT id FROM core.tenants WHERE slug = ?", t.slug());
  }

  /**
   * Every row of a list, page by page of {@code limit}: each page but the last gives {@code
   * nextBefore}, which the next request passes back.
   */
  List<JsonObject> allPages(String path, String token, String field, int limit) {
    List<JsonObject> rows = new ArrayList<>();
    String before = null;
    for (int pages = 0; pages < 1_000; pages++) {
      String sep = path.contains("?") ? "&" : "?";
      Reply r =
          client.get(
              path + sep + "limit=" + limit + (before == null ? "" : "&before=" + iso(before)),
              token);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      List<JsonObject> page =
          r.json().getJsonArray(field).stream().map(JsonValue::asJsonObject).toList();
      assertThat(page.size()).isLessThanOrEqualTo(limit);
      rows.addAll(page);
      if (!r.json().containsKey("nextBefore")) {
        assertThat(page.size()).as("a page without nextBefore is short").isLessThan(limit);
        return rows;
      }
      assertThat(page).hasSize(limit);
      before = r.json().getString("nextBefore");
    }
    throw new AssertionError("no end to " + path);
  }

  /** Ids in PostgreSQL's uuid order (its bytes, unsigned), descending. */
  static final Comparator<String> DESCENDING = Comparator.<String>naturalOrder().reversed();

  static List<String> ids(List<JsonObject> rows) {
    return rows.stream().map(o -> o.getString("id")).toList();
  }

  @Test
  void webhookListsPageBackThroughEveryEventOnceInOrderAndFilterByTime() throws Exception {
    TestTenant a = client.onboard(ADMIN, "probe");
    TestTenant b = client.onboard(ADMIN, "probe");
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      String id = newEventId();
      Reply r = deliverSigned(base, a, event(id, null, "customer.updated"));
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      sent.add(id);
    }
    String other = newEventId();
    assertThat(deliverSigned(base, b, event(other, null, "customer.updated")).status())
        .isEqualTo(200);
    // received at T, T+1h three times over (a tie the id breaks), T+2h, T+3h and T+4h
    Instant t0 = past();
    int[] hours = {0, 1, 1, 1, 2, 3, 4};
    for (int i = 0; i < sent.size(); i++) {
      Db.ownerUpdate(
          "UPDATE core.webhook_events SET received_at = ? WHERE event_id = ?",
          Timestamp.from(t0.plus(Duration.ofHours(hours[i]))),
          sent.get(i));
    }

    String own = "api/t/" + a.slug() + "/webhooks";
    List<JsonObject> whole = allPages(own, a.apiKey(), "events", 500);
    assertThat(whole).hasSize(7);
    for (int limit : new int[] {1, 2, 3, 7}) {
      assertThat(ids(allPages(own, a.apiKey(), "events", limit)))
          .as("pages of %d", limit)
          .containsExactlyElementsOf(ids(whole));
    }
    assertThat(ids(allPages("api/admin/webhooks?tenant=" + a.slug(), ADMIN, "events", 2)))
        .containsExactlyElementsOf(ids(whole));
    // newest first; the three at T+1h by id, descending
    List<String> eventIds = whole.stream().map(e -> e.getString("eventId")).toList();
    assertThat(eventIds.subList(0, 3)).containsExactly(sent.get(6), sent.get(5), sent.get(4));
    assertThat(eventIds.subList(3, 6))
        .containsExactlyInAnyOrder(sent.get(1), sent.get(2), sent.get(3));
    assertThat(ids(whole).subList(3, 6)).isSortedAccordingTo(DESCENDING);
    assertThat(eventIds.get(6)).isEqualTo(sent.get(0));
    assertThat(eventIds).doesNotContain(other);

    // from is inclusive, to exclusive
    String window =
        "from=" + iso(t0.plus(Duration.ofHours(1))) + "&to=" + iso(t0.plus(Duration.ofHours(3)));
    List<JsonObject> inWindow = allPages(own + "?" + window, a.apiKey(), "events", 2);
    assertThat(ids(inWindow)).containsExactlyElementsOf(ids(whole).subList(2, 6));
    assertThat(allPages("api/admin/webhooks?tenant=" + a.slug() + "&" + window, ADMIN, "events", 3))
        .hasSize(4);
    // a date-time with an offset names the same instant
    String offset =
        URLEncoder.encode(
            t0.plus(Duration.ofHours(4)).atOffset(ZoneOffset.ofHours(2)).toString(),
            StandardCharsets.UTF_8);
    assertThat(allPages(own + "?from=" + offset, a.apiKey(), "events", 5)).hasSize(1);

    // a tenant's cursor never opens another tenant's rows
    String cursor = client.get(own + "?limit=1", a.apiKey()).json().getString("nextBefore");
    Reply theirs = client.get("api/t/" + b.slug() + "/webhooks?before=" + iso(cursor), b.apiKey());
    assertThat(theirs.body()).doesNotContain(a.slug()).doesNotContain(sent.get(0));
  }

  @Test
  void badListParametersAreRefusedNamingThem() {
    TestTenant t = client.onboard(ADMIN, "probe");
    String[] lists = {
      "api/admin/webhooks?", "api/admin/errors?", "api/admin/jobs/runs?",
    };
    for (String list : lists) {
      assertError(client.get(list + "from=yesterday", ADMIN), 400, "invalid_request", "from");
      assertError(client.get(list + "to=2026-12-01T10:00:00", ADMIN), 400, "invalid_request", "to");
      assertError(
          client.get(list + "from=2026-12-02T00:00Z&to=2026-12-01T00:00Z", ADMIN),
          400,
          "invalid_request",
          "to");
      assertError(client.get(list + "before=page-2", ADMIN), 400, "invalid_request", "before");
      assertError(client.get(list + "limit=501", ADMIN), 400, "invalid_request", "limit");
    }
    String[] own = {"api/t/" + t.slug() + "/webhooks?", "api/t/" + t.slug() + "/errors?"};
    for (String list : own) {
      assertError(client.get(list + "from=1", t.apiKey()), 400, "invalid_request", "from");
      assertError(
          client.get(list + "before=2026-12-01T00:00:00Z", t.apiKey()),
          400,
          "invalid_request",
          "before");
    }
    assertError(
        client.get("api/admin/errors?category=disk", ADMIN), 400, "invalid_request", "category");
    assertError(
        client.get("api/admin/errors/groups?category=disk", ADMIN),
        400,
        "invalid_request",
        "category");
    assertError(
        client.get("api/admin/errors/groups?severity=loud", ADMIN),
        400,
        "invalid_request",
        "severity");
    assertError(
        client.get("api/t/" + t.slug() + "/errors/groups?to=noon", t.apiKey()),
        400,
        "invalid_request",
        "to");
    assertError(client.get("api/admin/errors/groups", t.apiKey()), 401, "unauthorized", null);
    assertError(client.get("api/admin/jobs/runs", t.apiKey()), 401, "unauthorized", null);
  }

  @Test
  void errorsGroupByFingerprintWithCountsAndEachTenantSeesOnlyItsOwn() throws Exception {
    TestTenant a = client.onboard(ADMIN, "probe");
    TestTenant b = client.onboard(ADMIN, "probe");
    Instant t0 = past();
    String f1 = "fp-" + UUID.randomUUID();
    String f2 = "fp-" + UUID.randomUUID();
    // f1: a open (3) and a resolved (2), b open (4); f2: a open (1), a webhook error
    String aOpen = insertError(a, f1, "api", "error", "Boom 1", 3, t0, t0.plusSeconds(3600), false);
    String aResolved =
        insertError(a, f1, "api", "warning", "Boom 0", 2, t0.minusSeconds(60), t0, true);
    String bOpen = insertError(b, f1, "api", "high", "Boom 2", 4, t0, t0.plusSeconds(7200), false);
    String aWebhook =
        insertError(a, f2, "webhook", "error", "Refused", 1, t0, t0.plusSeconds(3600), false);
    String window = "from=" + iso(t0) + "&to=" + iso(t0.plusSeconds(3 * 3600));

    Map<String, JsonObject> all = groups("api/admin/errors/groups?" + window, ADMIN);
    assertThat(all.keySet()).containsExactlyInAnyOrder(f1, f2);
    JsonObject g1 = all.get(f1);
    assertThat(g1.getInt("count")).isEqualTo(9);
    assertThat(g1.getInt("entries")).isEqualTo(3);
    assertThat(g1.getInt("tenants")).isEqualTo(2);
    assertThat(g1.getInt("unresolved")).isEqualTo(2);
    assertThat(g1.getString("firstSeen")).isEqualTo(t0.minusSeconds(60).toString());
    assertThat(g1.getString("lastSeen")).isEqualTo(t0.plusSeconds(7200).toString());
    // the latest entry's severity, category and message
    assertThat(g1.getString("severity")).isEqualTo("high");
    assertThat(g1.getString("category")).isEqualTo("api");
    assertThat(g1.getString("sampleMessage")).isEqualTo("Boom 2");
    assertThat(all.get(f2).getInt("count")).isEqualTo(1);
    assertThat(all.get(f2).getString("category")).isEqualTo("webhook");

    assertThat(groups("api/admin/errors/groups?category=webhook&" + window, ADMIN).keySet())
        .containsExactly(f2);
    assertThat(
            groups("api/admin/errors/groups?resolved=false&" + window, ADMIN)
                .get(f1)
                .getInt("count"))
        .isEqualTo(7);
    assertThat(groups("api/admin/errors/groups?severity=high&" + window, ADMIN).keySet())
        .containsExactly(f1);
    JsonObject onlyA =
        groups("api/admin/errors/groups?tenant=" + a.slug() + "&" + window, ADMIN).get(f1);
    assertThat(onlyA.getInt("count")).isEqualTo(5);
    assertThat(onlyA.getInt("tenants")).isEqualTo(1);

    // each tenant's own groups: its entries only
    Map<String, JsonObject> ofA = groups("api/t/" + a.slug() + "/errors/groups", a.apiKey());
    assertThat(ofA.get(f1).getInt("count")).isEqualTo(5);
    assertThat(ofA.get(f1).getString("sampleMessage")).isEqualTo("Boom 1");
    assertThat(ofA.get(f2).getInt("count")).isEqualTo(1);
    Map<String, JsonObject> ofB = groups("api/t/" + b.slug() + "/errors/groups", b.apiKey());
    assertThat(ofB.keySet()).containsExactly(f1);
    assertThat(ofB.get(f1).getInt("count")).isEqualTo(4);
    assertThat(ofB.get(f1).getInt("entries")).isEqualTo(1);

    // the lists: category, time window and paging, tenant by tenant
    List<JsonObject> listA =
        allPages("api/t/" + a.slug() + "/errors?" + window, a.apiKey(), "errors", 1);
    // aOpen and aWebhook were last seen at the same time: their ids order them
    assertThat(ids(listA).subList(0, 2))
        .containsExactlyInAnyOrder(aOpen, aWebhook)
        .isSortedAccordingTo(DESCENDING);
    assertThat(ids(listA)).hasSize(3).endsWith(aResolved);
    assertThat(
            ids(allPages("api/admin/errors?tenant=" + a.slug() + "&" + window, ADMIN, "errors", 2)))
        .containsExactlyElementsOf(ids(listA));
    assertThat(ids(allPages("api/admin/errors?" + window, ADMIN, "errors", 1)))
        .containsExactlyInAnyOrder(aOpen, aWebhook, aResolved, bOpen);
    assertThat(ids(allPages("api/admin/errors?category=webhook&" + window, ADMIN, "errors", 5)))
        .containsExactly(aWebhook);
    assertThat(
            ids(
                allPages(
                    "api/t/" + b.slug() + "/errors?category=api&" + window,
                    b.apiKey(),
                    "errors",
                    5)))
        .containsExactly(bOpen);
  }

  Map<String, JsonObject> groups(String path, String token) {
    Reply r = client.get(path, token);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().getJsonArray("groups").stream()
        .map(JsonValue::asJsonObject)
        .filter(g -> g.getString("fingerprint").startsWith("fp-"))
        .collect(Collectors.toMap(g -> g.getString("fingerprint"), Function.identity()));
  }

  String insertError(
      TestTenant t,
      String fingerprint,
      String category,
      String severity,
      String message,
      int occurrences,
      Instant first,
      Instant last,
      boolean resolved)
      throws Exception {
    String id = UUID.randomUUID().toString();
    Db.ownerUpdate(
        "INSERT INTO core.error_log (id, severity, category, message, tenant_id, fingerprint,"
            + " occurrences, first_seen, last_seen, resolved, resolved_at, resolved_by)"
            + " VALUES (?::uuid, ?, ?, ?, ?::uuid, ?, ?, ?, ?, ?, ?, ?)",
        id,
        severity,
        category,
        message,
        tenantId(t),
        fingerprint,
        occurrences,
        Timestamp.from(first),
        Timestamp.from(last),
        resolved,
        resolved ? Timestamp.from(last) : null,
        resolved ? "admin" : null);
    return id;
  }

  @Test
  void jobRunsAreRecordedListedAndBounded() throws Exception {
    TestTenant t = client.onboard(ADMIN, "echo");
    JsonObject run = runJob("echo", "visit");

    JsonObject echo =
        client.get("api/admin/jobs", ADMIN).json().getJsonArray("jobs").stream()
            .map(JsonValue::asJsonObject)
            .filter(j -> j.getString("vertical").equals("echo"))
            .findFirst()
            .orElseThrow();
    assertThat(echo.getString("name")).isEqualTo("visit");
    JsonObject last = echo.getJsonObject("lastRun");
    assertThat(last.getString("outcome")).isEqualTo("succeeded");
    assertThat(last.getInt("tenants")).isEqualTo(run.getInt("tenants"));
    assertThat(last.getInt("failed")).isZero();
    assertThat(Instant.parse(last.getString("finishedAt")))
        .isAfterOrEqualTo(Instant.parse(last.getString("startedAt")));

    // the history: one row per tenant of the run, each once across pages, newest first
    List<JsonObject> runs =
        allPages("api/admin/jobs/runs?job=" + iso("echo/visit"), ADMIN, "runs", 400);
    List<JsonObject> thisRun =
        runs.stream().filter(r -> r.getString("runId").equals(last.getString("runId"))).toList();
    assertThat(thisRun).hasSize(run.getInt("tenants"));
    assertThat(ids(runs)).doesNotHaveDuplicates();
    assertThat(runs.stream().map(r -> Instant.parse(r.getString("startedAt"))).toList())
        .isSortedAccordingTo((x, y) -> y.compareTo(x));
    JsonObject mine =
        thisRun.stream()
            .filter(r -> t.slug().equals(r.getString("tenant", null)))
            .findFirst()
            .orElseThrow();
    assertThat(mine.getString("job")).isEqualTo("echo/visit");
    assertThat(mine.getString("vertical")).isEqualTo("echo");
    assertThat(mine.getString("outcome")).isEqualTo("succeeded");
    assertThat(mine.containsKey("error")).isFalse();
    assertThat(mine.getInt("durationMs")).isGreaterThanOrEqualTo(0);

    // the host's own jobs: retention, run by an admin, is recorded too
    Instant before = Instant.now().minusSeconds(1);
    Reply retention = client.post("api/admin/retention/run", ADMIN, null);
    assertThat(retention.status()).as(retention.body()).isEqualTo(200);
    Instant after = Instant.now().plusSeconds(1);
    List<JsonObject> retentionRuns =
        allPages(
            "api/admin/jobs/runs?job=retention&from=" + iso(before) + "&to=" + iso(after),
            ADMIN,
            "runs",
            10);
    assertThat(retentionRuns).hasSize(1);
    JsonObject retentionRun = retentionRuns.get(0);
    assertThat(retentionRun.getString("outcome")).isEqualTo("succeeded");
    assertThat(retentionRun.containsKey("tenant")).isFalse();
    assertThat(retentionRun.containsKey("vertical")).isFalse();
    // its last run is the newest in the history (a test that moved the clock may have left one
    // dated later than this one)
    JsonObject platform =
        client.get("api/admin/jobs", ADMIN).json().getJsonArray("platformJobs").stream()
            .map(JsonValue::asJsonObject)
            .filter(j -> j.getString("name").equals("retention"))
            .findFirst()
            .orElseThrow();
    JsonObject newest =
        client
            .get("api/admin/jobs/runs?job=retention&limit=1", ADMIN)
            .json()
            .getJsonArray("runs")
            .getJsonObject(0);
    assertThat(platform.getJsonObject("lastRun").getString("runId"))
        .isEqualTo(newest.getString("runId"));
    assertThat(platform.getJsonObject("lastRun").getString("outcome"))
        .isEqualTo(newest.getString("outcome"));

    // retention keeps the history bounded: runs older than its age go
    String old = UUID.randomUUID().toString();
    Instant longAgo = past();
    Db.ownerUpdate(
        "INSERT INTO core.job_runs (id, run_id, job, started_at, finished_at, outcome, error)"
            + " VALUES (?::uuid, ?::uuid, 'retention', ?, ?, 'failed', 'disk full')",
        old,
        old,
        Timestamp.from(longAgo),
        Timestamp.from(longAgo));
    assertThat(
            client
                .get("api/admin/jobs/runs?job=retention&to=" + iso(longAgo.plusSeconds(1)), ADMIN)
                .body())
        .contains(old)
        .contains("disk full");
    assertThat(client.post("api/admin/retention/run", ADMIN, null).status()).isEqualTo(200);
    assertThat(Db.ownerQuery("SELECT count(*) FROM core.job_runs WHERE id = ?::uuid", old))
        .isEqualTo("0");
  }
}
