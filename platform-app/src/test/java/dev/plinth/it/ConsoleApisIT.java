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
import java.time.temporal.ChronoUnit;
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

  JsonObject overview(int hours) {
    Reply r = client.get("api/admin/overview?hours=" + hours, ADMIN);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  /** The overview's count of {@code series} in the minute of {@code at}. */
  static long inMinuteOf(JsonObject overview, String series, Instant at) {
    JsonObject s = overview.getJsonObject("series");
    long index =
        Duration.between(Instant.parse(s.getString("from")), at.truncatedTo(ChronoUnit.MINUTES))
            .toMinutes();
    assertThat(index).as("the minute of %s in the series", at).isBetween(0L, 48L * 60 - 1);
    return s.getJsonArray(series).getJsonNumber((int) index).longValue();
  }

  /** Waits until an event (by Stripe id) has this status; answers its admin detail. */
  JsonObject awaitEvent(TestTenant t, String eventId, String status) {
    String id = awaitEvent(t, eventId, e -> e.getString("status").equals(status)).getString("id");
    Reply detail = client.get("api/admin/webhooks/" + id, ADMIN);
    assertThat(detail.status()).as(detail.body()).isEqualTo(200);
    return detail.json();
  }

  @Test
  void theOverviewCountsThePipelineMinuteByMinuteByThePlatformClock() throws Exception {
    TestTenant t = client.onboard(ADMIN, "probe");
    String ok = newEventId();
    String bad = newEventId();
    assertThat(deliverSigned(base, t, event(ok, null)).status()).isEqualTo(200);
    // the probe's handler refuses charge.failed: the attempt fails and is retried later
    assertThat(deliverSigned(base, t, event(bad, null, "charge.failed")).status()).isEqualTo(200);
    JsonObject done = awaitEvent(t, ok, "completed");
    JsonObject failed = awaitEvent(t, bad, "failed");

    JsonObject a = overview(6);
    Instant now = Instant.parse(a.getString("generatedAt"));
    JsonObject series = a.getJsonObject("series");
    assertThat(series.getInt("stepSeconds")).isEqualTo(60);
    assertThat(Instant.parse(series.getString("from")))
        .isEqualTo(now.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(359)));
    for (String name : List.of("received", "processed", "failed")) {
      assertThat(series.getJsonArray(name)).as(name).hasSize(360);
    }
    // the real deliveries are counted in their own minutes
    assertThat(inMinuteOf(a, "received", Instant.parse(done.getString("receivedAt")))).isPositive();
    assertThat(inMinuteOf(a, "processed", Instant.parse(done.getString("processedAt"))))
        .isPositive();
    Instant attempt =
        Instant.parse(failed.getJsonArray("attempts").getJsonObject(0).getString("startedAt"));
    assertThat(inMinuteOf(a, "failed", attempt)).isPositive();
    JsonObject readiness = a.getJsonObject("readiness");
    assertThat(readiness.getString("status")).isEqualTo("UP");
    Map<String, JsonObject> checks =
        readiness.getJsonArray("checks").stream()
            .map(JsonValue::asJsonObject)
            .collect(Collectors.toMap(c -> c.getString("name"), Function.identity()));
    assertThat(checks).containsKeys("database", "migrations", "webhooks", "stripe-config");
    assertThat(checks.get("webhooks").getString("status")).isEqualTo("UP");
    assertThat(checks.get("webhooks").getJsonObject("data"))
        .containsKeys("lagSeconds", "deadEvents");
    assertThat(a.getJsonObject("webhooks"))
        .containsKeys("queueDepth", "lagSeconds", "dead", "unroutable");
    assertThat(a.getJsonObject("notifications")).containsKeys("pending", "failed");
    JsonObject unresolved = a.getJsonObject("errors").getJsonObject("unresolved");
    assertThat(unresolved).containsOnlyKeys("info", "warning", "error", "high", "critical");
    assertThat(unresolved.getJsonNumber("error").longValue()).isPositive();

    // moved to a quiet minute of the past hours, they count there exactly: two received, one
    // processed, one failed attempt
    Instant quiet =
        now.truncatedTo(ChronoUnit.MINUTES)
            .minus(Duration.ofMinutes(90 + ThreadLocalRandom.current().nextInt(120)))
            .plusSeconds(17);
    Db.ownerUpdate(
        "UPDATE core.webhook_events SET received_at = ?,"
            + " processed_at = CASE WHEN processed_at IS NULL THEN NULL ELSE CAST(? AS timestamptz) END"
            + " WHERE event_id IN (?, ?)",
        Timestamp.from(quiet),
        Timestamp.from(quiet.plusSeconds(30)),
        ok,
        bad);
    Db.ownerUpdate(
        "UPDATE core.webhook_attempts SET started_at = ? WHERE event_ref = ?::uuid AND attempt = 1",
        Timestamp.from(quiet.plusSeconds(40)),
        failed.getString("id"));
    JsonObject b = overview(6);
    assertThat(inMinuteOf(b, "received", quiet) - inMinuteOf(a, "received", quiet)).isEqualTo(2);
    assertThat(inMinuteOf(b, "processed", quiet) - inMinuteOf(a, "processed", quiet)).isEqualTo(1);
    assertThat(inMinuteOf(b, "failed", quiet) - inMinuteOf(a, "failed", quiet)).isEqualTo(1);

    // "now" is the platform clock's: two hours on, the same minute is 120 places earlier
    advanceClock(Duration.ofHours(2));
    JsonObject later = overview(6);
    Instant laterNow = Instant.parse(later.getString("generatedAt"));
    assertThat(laterNow).isAfter(Instant.now().plus(Duration.ofMinutes(119)));
    assertThat(Instant.parse(later.getJsonObject("series").getString("from")))
        .isEqualTo(laterNow.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(359)));
    assertThat(inMinuteOf(later, "received", quiet)).isEqualTo(inMinuteOf(b, "received", quiet));
    assertThat(inMinuteOf(later, "processed", quiet)).isEqualTo(inMinuteOf(b, "processed", quiet));
    assertThat(overview(48).getJsonObject("series").getJsonArray("received")).hasSize(48 * 60);

    assertError(client.get("api/admin/overview?hours=0", ADMIN), 400, "invalid_request", "hours");
    assertError(client.get("api/admin/overview?hours=49", ADMIN), 400, "invalid_request", "hours");
    assertError(client.get("api/admin/overview", t.apiKey()), 401, "unauthorized", null);
  }

  @Test
  void anEventsDetailShowsTheErrorsRecordedWhileProcessingIt() throws Exception {
    TestTenant t = client.onboard(ADMIN, "probe");
    TestTenant other = client.onboard(ADMIN, "probe");
    String ok = newEventId();
    String bad = newEventId();
    assertThat(deliverSigned(base, t, event(ok, null)).status()).isEqualTo(200);
    assertThat(deliverSigned(base, t, event(bad, null, "charge.failed")).status()).isEqualTo(200);
    awaitEvent(t, bad, "failed");
    // another tenant's entry naming the same Stripe event id is not this event's
    String theirs =
        insertError(
            other,
            "fp-" + UUID.randomUUID(),
            "webhook",
            "error",
            "Theirs",
            1,
            Instant.now(),
            Instant.now(),
            false);
    Db.ownerUpdate("UPDATE core.error_log SET event_id = ? WHERE id = ?::uuid", bad, theirs);

    JsonObject detail = awaitEvent(t, bad, "failed");
    List<JsonObject> errors =
        detail.getJsonArray("errors").stream().map(JsonValue::asJsonObject).toList();
    assertThat(errors).isNotEmpty();
    assertThat(ids(errors)).doesNotContain(theirs);
    for (JsonObject e : errors) {
      assertThat(e.getString("eventId")).isEqualTo(bad);
      assertThat(e.getString("tenant")).isEqualTo(t.slug());
      assertThat(e.getString("category")).isEqualTo("webhook");
    }
    assertThat(errors.get(0).getString("message")).contains(bad).contains("failed on attempt");
    // shaped as the error list's items
    JsonObject listed =
        client
            .get("api/admin/errors?tenant=" + t.slug(), ADMIN)
            .json()
            .getJsonArray("errors")
            .stream()
            .map(JsonValue::asJsonObject)
            .filter(e -> e.getString("id").equals(errors.get(0).getString("id")))
            .findFirst()
            .orElseThrow();
    assertThat(errors.get(0).keySet()).isEqualTo(listed.keySet());
    // the attempts are as they were
    assertThat(detail.getJsonArray("attempts")).isNotEmpty();
    assertThat(detail.getJsonArray("attempts").getJsonObject(0).getString("outcome"))
        .isEqualTo("failed");

    assertThat(awaitEvent(t, ok, "completed").getJsonArray("errors")).isEmpty();
  }

  static List<String> slugs(List<JsonObject> tenants) {
    return tenants.stream().map(o -> o.getString("slug")).toList();
  }

  /** Sets a tenant's name, as the admin may. */
  void rename(TestTenant t, String name) {
    Reply r = client.patch("api/tenants/" + t.slug(), ADMIN, json("name", name));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  @Test
  void theTenantSearchFindsByNameOrSlugAndPagesBack() {
    String word = "Zebra" + UUID.randomUUID().toString().substring(0, 6);
    TestTenant first = client.onboard(ADMIN, "probe");
    TestTenant second = client.onboard(ADMIN, "echo");
    TestTenant third = client.onboard(ADMIN, "probe");
    rename(first, "First " + word + " Ltd");
    rename(second, word.toUpperCase(java.util.Locale.ROOT) + " Two");
    rename(third, "The third " + word.toLowerCase(java.util.Locale.ROOT));
    Reply suspended =
        client.patch("api/tenants/" + second.slug(), ADMIN, json("status", "suspended"));
    assertThat(suspended.status()).as(suspended.body()).isEqualTo(200);

    String search = "api/admin/tenants?q=" + iso(word.toLowerCase(java.util.Locale.ROOT));
    List<JsonObject> found = allPages(search, ADMIN, "items", 500);
    // newest first, in any case of the name
    assertThat(found.stream().map(o -> o.getString("slug")))
        .containsExactly(third.slug(), second.slug(), first.slug());
    for (int limit : new int[] {1, 2}) {
      assertThat(allPages(search, ADMIN, "items", limit)).as("pages of %d", limit).isEqualTo(found);
    }
    JsonObject two = found.get(1);
    assertThat(two.getString("name")).isEqualTo(word.toUpperCase(java.util.Locale.ROOT) + " Two");
    assertThat(two.getString("vertical")).isEqualTo("echo");
    assertThat(two.getString("status")).isEqualTo("suspended");
    assertThat(two.getString("stripeMode")).isEqualTo("direct");
    // as stored: PostgreSQL keeps microseconds
    assertThat(
            Duration.between(
                    Instant.parse(two.getString("createdAt")),
                    Instant.parse(second.json().getString("createdAt")))
                .abs())
        .isLessThan(Duration.ofNanos(1000));

    // by slug, part of it, in any case
    String part = first.slug().substring(2).toUpperCase(java.util.Locale.ROOT);
    assertThat(slugs(allPages("api/admin/tenants?q=" + part, ADMIN, "items", 10)))
        .containsExactly(first.slug());
    assertThat(slugs(allPages(search + "&status=suspended", ADMIN, "items", 10)))
        .containsExactly(second.slug());
    assertThat(slugs(allPages(search + "&status=active", ADMIN, "items", 10)))
        .containsExactly(third.slug(), first.slug());
    assertThat(allPages("api/admin/tenants?q=no-such-" + word, ADMIN, "items", 10)).isEmpty();

    assertError(client.get(search + "&status=gone", ADMIN), 400, "invalid_request", "status");
    assertError(client.get(search + "&before=x", ADMIN), 400, "invalid_request", "before");
    assertError(client.get(search + "&limit=0", ADMIN), 400, "invalid_request", "limit");
    assertError(client.get(search, first.apiKey()), 401, "unauthorized", null);
  }

  @Test
  void aTenantsDetailShowsOnlyItsOwnDeliveriesErrorsAndPayments() throws Exception {
    TestTenant t = client.onboard(ADMIN, "probe");
    TestTenant other = client.onboard(ADMIN, "probe");
    List<String> mine = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      String id = newEventId();
      assertThat(deliverSigned(base, t, event(id, null, "customer.updated")).status())
          .isEqualTo(200);
      mine.add(id);
    }
    String theirs = newEventId();
    assertThat(deliverSigned(base, other, event(theirs, null, "customer.updated")).status())
        .isEqualTo(200);
    Instant now = Instant.now();
    String open =
        insertError(t, "fp-" + UUID.randomUUID(), "api", "error", "Mine", 1, now, now, false);
    String resolved =
        insertError(t, "fp-" + UUID.randomUUID(), "api", "error", "Done", 1, now, now, true);
    String otherError =
        insertError(other, "fp-" + UUID.randomUUID(), "api", "error", "Theirs", 1, now, now, false);
    String payment = insertPayment(t, now);
    String otherPayment = insertPayment(other, now);

    Reply r = client.get("api/admin/tenants/" + t.slug(), ADMIN);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonObject detail = r.json();
    assertThat(detail.getJsonObject("tenant"))
        .isEqualTo(client.get("api/tenants/" + t.slug(), ADMIN).json());
    JsonObject setup = detail.getJsonObject("webhookSetup");
    assertThat(setup.getString("webhookUrl")).endsWith("/api/webhooks/stripe/" + t.slug());
    assertThat(setup.getString("mode")).isEqualTo("direct");
    assertThat(setup.getBoolean("endpointRegistered")).isTrue();

    // the latest ten deliveries, newest first, shaped as the admin webhook list's
    List<JsonObject> deliveries =
        detail.getJsonArray("deliveries").stream().map(JsonValue::asJsonObject).toList();
    assertThat(deliveries).hasSize(10);
    assertThat(deliveries).allSatisfy(d -> assertThat(d.getString("tenant")).isEqualTo(t.slug()));
    List<String> eventIds = deliveries.stream().map(d -> d.getString("eventId")).toList();
    assertThat(eventIds).doesNotContain(theirs, mine.get(0));
    assertThat(ids(deliveries))
        .containsExactlyElementsOf(
            ids(allPages("api/admin/webhooks?tenant=" + t.slug(), ADMIN, "events", 500))
                .subList(0, 10));
    assertThat(setup.getString("lastReceivedAt"))
        .isEqualTo(deliveries.get(0).getString("receivedAt"));

    assertThat(ids(detail.getJsonArray("errors").stream().map(JsonValue::asJsonObject).toList()))
        .contains(open)
        .doesNotContain(resolved, otherError);
    assertThat(
            detail.getJsonArray("errors").stream()
                .map(JsonValue::asJsonObject)
                .allMatch(e -> e.getString("tenant").equals(t.slug()) && !e.getBoolean("resolved")))
        .isTrue();
    List<JsonObject> payments =
        detail.getJsonArray("payments").stream().map(JsonValue::asJsonObject).toList();
    assertThat(ids(payments)).containsExactly(payment).doesNotContain(otherPayment);
    assertThat(payments.get(0))
        .isEqualTo(
            client
                .get("api/t/" + t.slug() + "/payments", t.apiKey())
                .json()
                .getJsonArray("payments")
                .getJsonObject(0));

    assertError(client.get("api/admin/tenants/no-such-" + t.slug(), ADMIN), 404, "not_found", null);
    assertError(client.get("api/admin/tenants/" + t.slug(), t.apiKey()), 401, "unauthorized", null);
  }

  String insertPayment(TestTenant t, Instant at) throws Exception {
    String id = UUID.randomUUID().toString();
    Db.ownerUpdate(
        "INSERT INTO core.payments (id, tenant_id, payment_intent_id, amount, currency, status,"
            + " last_event_at, created_at, updated_at)"
            + " VALUES (?::uuid, ?::uuid, ?, 1500, 'usd', 'succeeded', ?, ?, ?)",
        id,
        tenantId(t),
        "pi_" + id.replace("-", "").substring(0, 20),
        Timestamp.from(at),
        Timestamp.from(at),
        Timestamp.from(at));
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
