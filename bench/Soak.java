import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Fault soak of the webhook pipeline's promise, "a 200 means the event is on disk". Not a test: a
 * driver for a local run, started from {@code bench/soak.sh} (which holds the run lock).
 *
 * <ol>
 *   <li>Starts the run command ({@code mvn -Prun}) in a process group of its own, so that it can
 *       kill it whole and start it again.
 *   <li>Onboards a campaigns tenant with a webhook secret of its own and registers no endpoint at
 *       the simulator, so the simulator delivers nothing: every delivery comes from here.
 *   <li>Buys N campaigns through the storefront API and pays each on the simulator's hosted
 *       checkout page, then reads every event of the tenant's account from the simulator's {@code
 *       GET /v1/events}.
 *   <li>Delivers every event one to three times, shuffled, signed as Stripe signs, with 5 % bad
 *       signatures and 1 % malformed bodies mixed in; a valid delivery that fails (5xx, refused,
 *       reset, timeout) is retried with Stripe's growing backoff, in compressed time, until it is
 *       acknowledged.
 *   <li>During the load: kills one PostgreSQL backend serving Plinth, restarts PostgreSQL, kills
 *       the whole run command and starts it again.
 *   <li>After processing settles, checks each acknowledged event against the database: on disk,
 *       processed, one campaign per paid checkout, none twice.
 * </ol>
 *
 * <p>Settings from the environment: {@code N} (purchases, 2000), {@code CLIENTS} (concurrent
 * senders, 8), {@code FAULTS} (any of {@code kill-backend,restart-postgres,kill-run}, all by
 * default), {@code REPORT} (markdown output, {@code target/soak/soak-report.md}), {@code RUN_LOG}
 * ({@code target/soak/run.log}), {@code SEED}. Exits 1 unless nothing acknowledged was lost or
 * doubled and no bad input got a 5xx while Plinth was up.
 */
public class Soak {

  static final String BASE = "http://localhost:9080";
  static final String SIM = "http://127.0.0.1:12111";
  static final int PG_PORT = 55432;
  static final Path REPO = Path.of("").toAbsolutePath();

  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(3))
          .executor(Executors.newCachedThreadPool(daemon()))
          .build();

  enum Kind {
    VALID("valid"),
    DUPLICATE("duplicate"),
    BAD_SIGNATURE("bad signature"),
    MALFORMED("malformed");

    final String label;

    Kind(String label) {
      this.label = label;
    }

    boolean bad() {
      return this == BAD_SIGNATURE || this == MALFORMED;
    }
  }

  /** One logical delivery: one event body, sent (and for valid ones retried) until answered. */
  record Delivery(Kind kind, String eventId, String body) {}

  /** A window in which Plinth was knowingly down or degraded, from a fault to readiness again. */
  record Outage(String fault, long from, long to) {}

  /** Per-kind tallies; every HTTP attempt counts once. */
  static final class Tally {
    final AtomicInteger deliveries = new AtomicInteger();
    final AtomicInteger attempts = new AtomicInteger();
    final AtomicInteger acked = new AtomicInteger();
    final AtomicInteger answered4xx = new AtomicInteger();
    final AtomicInteger answered5xx = new AtomicInteger();
    final AtomicInteger noAnswer = new AtomicInteger();
    final AtomicInteger bad5xxWhileUp = new AtomicInteger();
    final AtomicInteger bad5xxInOutage = new AtomicInteger();
    final AtomicInteger given_up = new AtomicInteger();
  }

  static final Map<Kind, Tally> TALLY = new LinkedHashMap<>();
  static final Set<String> ACKED = ConcurrentHashMap.newKeySet();
  static final Map<String, String> SESSION_OF_EVENT = new ConcurrentHashMap<>();
  static final List<Outage> OUTAGES = Collections.synchronizedList(new ArrayList<>());
  static final List<String> FAULT_LINES = Collections.synchronizedList(new ArrayList<>());
  static final List<String> ODD = Collections.synchronizedList(new ArrayList<>());
  static final AtomicLong LAST_ACK_NANOS = new AtomicLong();
  /** What valid deliveries got instead of a 200 (they are retried on any of it, as by Stripe). */
  static final Map<String, Integer> OTHER_ANSWERS = new ConcurrentHashMap<>();
  static volatile long outageStart = -1;
  static volatile boolean loadDone;

  static Process run;
  static Path runLog;

  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(env("N", "2000"));
    int clients = Integer.parseInt(env("CLIENTS", "8"));
    List<String> faults = List.of(env("FAULTS", "kill-backend,restart-postgres,kill-run").split(","));
    Path report = Path.of(env("REPORT", "target/soak/soak-report.md"));
    runLog = Path.of(env("RUN_LOG", "target/soak/run.log"));
    Random random = new Random(Long.parseLong(env("SEED", Long.toString(System.nanoTime()))));
    for (Kind k : Kind.values()) {
      TALLY.put(k, new Tally());
    }
    Files.createDirectories(runLog.toAbsolutePath().getParent());
    Files.createDirectories(report.toAbsolutePath().getParent());
    if (status(BASE + "/health/ready") > 0) {
      die("something already answers on " + BASE + "; stop it first (the soak starts its own run)");
    }
    long started = System.nanoTime();
    // a soak stopped half way (Ctrl-C, kill) takes its run command with it
    Runtime.getRuntime().addShutdownHook(new Thread(Soak::stopRun));
    try {
      long boot = startRun();
      say("run command ready in %.1f s (log: %s)", boot / 1e9, runLog);
      String adminToken = Files.readString(REPO.resolve(".devdb/admin-token")).trim();
      say("synchronous_commit=%s fsync=%s", sql("SHOW synchronous_commit"), sql("SHOW fsync"));
      String settings = "synchronous_commit=" + sql("SHOW synchronous_commit") + ", fsync="
          + sql("SHOW fsync");

      String tag = HexFormat.of().formatHex(bytes(random, 4));
      String slug = "soak-" + tag;
      String secretKey = "sk_test_soak" + tag + "key";
      String whsec = "whsec_soak" + HexFormat.of().formatHex(bytes(random, 16));
      String tenantKey = onboard(adminToken, slug, secretKey, whsec);
      String tenantId = sql("SELECT id FROM core.tenants WHERE slug = '" + slug + "'");
      say("tenant %s (%s): no endpoint at the simulator, so it delivers nothing itself", slug,
          tenantId);

      long t = System.nanoTime();
      Map<String, String> sessions = buy(slug, n, clients);
      say("%d purchases made and paid in %.1f s", sessions.size(), secs(t));
      List<String> events = listEvents(secretKey);
      say("%d events on the simulator for the tenant's account", events.size());

      List<Delivery> deliveries = plan(events, whsec, random);
      Map<Kind, Long> planned = new TreeMap<>();
      deliveries.forEach(d -> planned.merge(d.kind(), 1L, Long::sum));
      say("%d deliveries planned: %s", deliveries.size(), planned);

      t = System.nanoTime();
      load(deliveries, slug, whsec, clients, faults, random);
      double loadSeconds = secs(t);
      say("load done in %.1f s; answers other than 200 to valid deliveries: %s", loadSeconds,
          new TreeMap<>(OTHER_ANSWERS));
      TALLY.forEach((k, c) -> say("%s: %d deliveries, %d attempts, %d acknowledged, %d 4xx,"
          + " %d 5xx, %d unanswered", k.label, c.deliveries.get(), c.attempts.get(),
          c.acked.get(), c.answered4xx.get(), c.answered5xx.get(), c.noAnswer.get()));
      ODD.stream().distinct().limit(20).forEach(o -> say("odd: %s", o));

      t = System.nanoTime();
      Map<String, Long> statuses = settle(tenantId);
      say("processing settled in %.1f s: %s", secs(t), statuses);
      Verdict v = verify(tenantId, sessions);
      String table = table(deliveries.size(), v, statuses);
      System.out.println();
      System.out.println(table);
      Files.writeString(report, reportText(n, clients, faults, settings, deliveries.size(),
          loadSeconds, table, v));
      say("report written to %s", report);
      boolean pass = v.pass();
      say(pass ? "PASS: 0 lost, 0 doubled, 0 5xx on bad input while up"
          : "FAIL: see the table");
      stopRun();
      say("total %.1f s", secs(started));
      System.exit(pass ? 0 : 1);
    } catch (Exception | Error e) {
      e.printStackTrace();
      stopRun();
      System.exit(2);
    }
  }

  // ------------------------------------------------------------------ the run command

  /** Starts {@code mvn -Prun} in a new session (so a process group of its own); waits for ready. */
  static long startRun() throws Exception {
    long t = System.nanoTime();
    ProcessBuilder pb = new ProcessBuilder("setsid", "mvn", "-B", "-ntp", "-Prun")
        .directory(REPO.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(runLog.toFile()));
    // checkouts all come from this machine; reconciliation off, so that an event lost at intake
    // cannot be quietly fetched back from the simulator and hide the loss; processing retries in
    // compressed time, so that settling does not wait Stripe-sized minutes
    pb.environment().put("CAMPAIGNS_CHECKOUTS_PER_CLIENT_PER_MINUTE", "100000000");
    pb.environment().put("PLINTH_RECONCILE_INTERVAL_MINUTES", "0");
    pb.environment().put("PLINTH_WEBHOOK_RETRY_SCHEDULE", "1s,2s,5s,10s,20s,30s,60s,60s");
    pb.environment().put("PLINTH_WEBHOOK_LEASE_SECONDS", "20");
    // nothing else: the run command itself sets PLINTH_LOCAL_RUN and the embedded roles'
    // passwords, as it does for a user, so the soak also checks that it still does
    run = pb.start();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (status(BASE + "/health/ready") != 200) {
      if (!run.isAlive()) {
        throw new IllegalStateException("the run command exited with " + run.exitValue()
            + " before it was ready; see " + runLog);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the run command was not ready in 10 minutes");
      }
      Thread.sleep(200);
    }
    return System.nanoTime() - t;
  }

  /**
   * SIGTERM to the run's process group: a clean stop, as Ctrl-C is (a soak started in the
   * background may have inherited an ignored SIGINT, so not that); then waits for it to go.
   */
  static void stopRun() {
    if (run == null || !run.isAlive()) {
      return;
    }
    try {
      sh("kill", "-TERM", "--", "-" + run.pid());
      if (!run.waitFor(90, TimeUnit.SECONDS)) {
        say("the run did not stop in 90 s after SIGTERM; killing its group");
        sh("kill", "-9", "--", "-" + run.pid());
      }
    } catch (Exception e) {
      say("could not stop the run: %s", e);
    }
  }

  // ------------------------------------------------------------------ setup through the API

  static String onboard(String adminToken, String slug, String secretKey, String whsec)
      throws Exception {
    String body = "{\"slug\":\"" + slug + "\",\"name\":\"Soak " + slug + "\","
        + "\"vertical\":\"campaigns\",\"ownerEmail\":\"owner@" + slug + ".example.com\","
        + "\"stripe\":{\"mode\":\"direct\",\"secretKey\":\"" + secretKey + "\","
        + "\"webhookSecret\":\"" + whsec + "\"}}";
    HttpResponse<String> r = call("POST", BASE + "/api/tenants", adminToken, "application/json",
        body);
    Matcher m = Pattern.compile("\"apiKey\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
    if (r.statusCode() != 201 || !m.find()) {
      throw new IllegalStateException("onboarding answered " + r.statusCode() + ": " + r.body());
    }
    return m.group(1);
  }

  /** N checkouts through the storefront API, each paid on the simulator's hosted page. */
  static Map<String, String> buy(String slug, int n, int clients) throws Exception {
    Pattern sessionId = Pattern.compile("\"sessionId\"\\s*:\\s*\"([^\"]+)\"");
    Pattern url = Pattern.compile("\"url\"\\s*:\\s*\"([^\"]+)\"");
    Map<String, String> sessions = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(clients, daemon());
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int k = i;
      done.add(pool.submit(() -> {
        String email = "buyer-" + k + "@" + slug + ".example.com";
        HttpResponse<String> r = call("POST", BASE + "/api/t/" + slug + "/campaigns/checkout",
            null, "application/json", "{\"packageCode\":\"winter-special\",\"businessName\":"
                + "\"Soak Roofing " + k + "\",\"email\":\"" + email + "\",\"city\":\"Austin\","
                + "\"state\":\"TX\"}");
        Matcher s = sessionId.matcher(r.body());
        Matcher u = url.matcher(r.body());
        if (r.statusCode() != 201 || !s.find() || !u.find()) {
          throw new IllegalStateException("checkout answered " + r.statusCode() + ": " + r.body());
        }
        // what the hosted page's form posts
        HttpResponse<String> paid = call("POST", u.group(1), null,
            "application/x-www-form-urlencoded", "action=pay&email=" + enc(email) + "&name="
                + enc("Soak Buyer " + k));
        if (paid.statusCode() / 100 != 3) {
          throw new IllegalStateException("paying answered " + paid.statusCode());
        }
        sessions.put(s.group(1), email);
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    return sessions;
  }

  /** Every event of the account, newest first, each as the exact JSON text the API returned. */
  static List<String> listEvents(String secretKey) throws Exception {
    List<String> events = new ArrayList<>();
    String after = null;
    while (true) {
      HttpResponse<String> r = call("GET", SIM + "/v1/events?limit=100"
          + (after == null ? "" : "&starting_after=" + after), secretKey, null, null);
      if (r.statusCode() != 200) {
        throw new IllegalStateException("GET /v1/events answered " + r.statusCode());
      }
      Json page = new Json(r.body());
      Map<String, Object> list = page.object();
      List<String> data = page.rawElements("data");
      events.addAll(data);
      if (!Boolean.TRUE.equals(list.get("has_more")) || data.isEmpty()) {
        return events;
      }
      after = (String) new Json(data.get(data.size() - 1)).object().get("id");
    }
  }

  // ------------------------------------------------------------------ the load

  /** Copies (≈30 % of valid deliveries are duplicates), bad signatures, malformed bodies. */
  static List<Delivery> plan(List<String> events, String whsec, Random random) {
    List<Delivery> out = new ArrayList<>();
    for (String e : events) {
      Map<String, Object> event = new Json(e).object();
      String id = (String) event.get("id");
      if ("checkout.session.completed".equals(event.get("type"))) {
        SESSION_OF_EVENT.put(id, (String) ((Map<?, ?>) ((Map<?, ?>) event.get("data"))
            .get("object")).get("id"));
      }
      double r = random.nextDouble();
      int copies = r < 0.10 ? 3 : r < 0.35 ? 2 : 1;
      out.add(new Delivery(Kind.VALID, id, e));
      for (int c = 1; c < copies; c++) {
        out.add(new Delivery(Kind.DUPLICATE, id, e));
      }
    }
    int valid = out.size();
    for (int i = 0; i < Math.round(valid * 0.05 / 0.94); i++) {
      String e = events.get(random.nextInt(events.size()));
      out.add(new Delivery(Kind.BAD_SIGNATURE, null, e));
    }
    for (int i = 0; i < Math.round(valid * 0.01 / 0.94); i++) {
      String e = events.get(random.nextInt(events.size()));
      String broken = switch (i % 3) {
        case 0 -> e.substring(0, e.length() / 2);
        case 1 -> "{\"id\":\"evt_x\",\"object\":\"event\",\"type\":42,\"data\":[]}";
        default -> "not json at all";
      };
      out.add(new Delivery(Kind.MALFORMED, null, broken));
    }
    Collections.shuffle(out, random);
    return out;
  }

  /**
   * Sends every delivery with CLIENTS senders; a second thread injects the faults when a third,
   * half and two thirds... of the deliveries have been answered.
   */
  static void load(List<Delivery> deliveries, String slug, String whsec, int clients,
      List<String> faults, Random random) throws Exception {
    URI uri = URI.create(BASE + "/api/webhooks/stripe/" + slug);
    ConcurrentLinkedQueue<Delivery> queue = new ConcurrentLinkedQueue<>(deliveries);
    AtomicInteger answered = new AtomicInteger();
    ExecutorService senders = Executors.newFixedThreadPool(clients, daemon());
    List<Future<?>> done = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      long seed = random.nextLong();
      done.add(senders.submit(() -> {
        Random r = new Random(seed);
        for (Delivery d; (d = queue.poll()) != null; ) {
          deliver(uri, d, whsec, r);
          answered.incrementAndGet();
        }
        return null;
      }));
    }
    Thread chaos = new Thread(() -> {
      try {
        int total = deliveries.size();
        for (int i = 0; i < faults.size(); i++) {
          int at = total * (i + 1) / (faults.size() + 1);
          while (answered.get() < at) {
            Thread.sleep(50);
          }
          inject(faults.get(i).trim());
        }
      } catch (Exception e) {
        ODD.add("the fault thread failed: " + e);
        e.printStackTrace();
      }
    }, "faults");
    chaos.setDaemon(true);
    chaos.start();
    for (Future<?> f : done) {
      f.get();
    }
    loadDone = true;
    chaos.join();
    senders.shutdown();
  }

  /** One delivery; a valid one is retried until acknowledged, as Stripe retries. */
  static void deliver(URI uri, Delivery d, String whsec, Random r) throws InterruptedException {
    Tally t = TALLY.get(d.kind());
    t.deliveries.incrementAndGet();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
    for (int attempt = 0; ; attempt++) {
      t.attempts.incrementAndGet();
      String signature = d.kind() == Kind.BAD_SIGNATURE
          ? sign("whsec_not" + Long.toHexString(r.nextLong()), d.body())
          : sign(whsec, d.body());
      int code;
      try {
        code = HTTP.send(HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Stripe-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(d.body()))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
      } catch (IOException e) {
        code = 0; // refused, reset, timed out
      }
      if (code == 200) {
        t.acked.incrementAndGet();
        if (!d.kind().bad()) {
          ACKED.add(d.eventId());
          LAST_ACK_NANOS.set(System.nanoTime());
        } else {
          ODD.add("a " + d.kind().label + " delivery was acknowledged");
        }
        return;
      }
      if (code == 0) {
        t.noAnswer.incrementAndGet();
      } else if (code >= 500) {
        t.answered5xx.incrementAndGet();
        if (d.kind().bad()) {
          (outageStart >= 0 ? t.bad5xxInOutage : t.bad5xxWhileUp).incrementAndGet();
        }
      } else {
        t.answered4xx.incrementAndGet();
      }
      if (!d.kind().bad()) {
        OTHER_ANSWERS.merge(code == 0 ? "no answer" : Integer.toString(code), 1, Integer::sum);
      }
      if (d.kind().bad() && code != 0) {
        return; // bad input is answered once
      }
      if (System.nanoTime() > deadline) {
        t.given_up.incrementAndGet();
        ODD.add("gave up on " + d.eventId() + " after 15 minutes");
        return;
      }
      // Stripe's backoff grows roughly exponentially; here 0.2 s, 0.4 s, ... up to 10 s, jittered
      long backoff = Math.min(10_000, 200L << Math.min(attempt, 6));
      Thread.sleep(backoff / 2 + r.nextLong(backoff / 2 + 1));
    }
  }

  static String sign(String secret, String payload) {
    try {
      long t = System.currentTimeMillis() / 1000;
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "t=" + t + ",v1=" + HexFormat.of().formatHex(
          mac.doFinal((t + "." + payload).getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  // ------------------------------------------------------------------ faults

  static void inject(String fault) throws Exception {
    long acksBefore = LAST_ACK_NANOS.get();
    long t0 = System.nanoTime();
    outageStart = t0;
    // the first acknowledgement that counts is of a delivery answered after the fault took hold
    long ackAfter = t0;
    String what;
    switch (fault) {
      case "kill-backend" -> {
        // an active backend of the application role if there is one, else any of its backends
        String pid = sql("SELECT pid FROM pg_stat_activity WHERE usename = 'plinth_app'"
            + " ORDER BY (state = 'active') DESC, backend_start DESC LIMIT 1");
        String active = sql("SELECT count(*) FROM pg_stat_activity WHERE usename = 'plinth_app'"
            + " AND state = 'active'");
        sh("kill", "-9", pid);
        what = "kill -9 of backend " + pid + " (plinth_app; " + active + " active at that moment)";
      }
      case "restart-postgres" -> {
        what = "PostgreSQL restart: " + restartPostgres() + "; after it synchronous_commit="
            + sql("SHOW synchronous_commit") + ", fsync=" + sql("SHOW fsync");
      }
      case "kill-run" -> {
        sh("kill", "-9", "--", "-" + run.pid());
        run.waitFor(30, TimeUnit.SECONDS);
        long freeAt = System.nanoTime();
        while (status(BASE + "/health/ready") > 0 && System.nanoTime() - freeAt < 60e9) {
          Thread.sleep(100);
        }
        // PostgreSQL runs in a session of its own (pg_ctl's), so it outlives the kill by design
        // and the next run stops it; Liberty or the simulator outliving it would be odd
        ackAfter = System.nanoTime();
        List<String> left = orphans();
        left.stream().filter(l -> !l.contains("postgres")).forEach(l ->
            ODD.add("still running after kill -9 of the run's process group: " + l));
        long boot = startRun();
        what = "kill -9 of the run command's process group (still running after it: "
            + (left.isEmpty() ? "nothing" : left.stream().map(l -> l.replaceAll("^\\d+ ", "")
                .replaceAll("^(\\S*/)?(\\S+).*", "$2")).toList()) + "), then `mvn -Prun` again"
            + " (its start took " + String.format("%.1f", boot / 1e9) + " s)";
      }
      default -> throw new IllegalArgumentException("unknown fault " + fault);
    }
    long sawDown = -1;
    while (status(BASE + "/health/ready") != 200) {
      if (sawDown < 0) {
        sawDown = System.nanoTime();
      }
      Thread.sleep(50);
    }
    long ready = System.nanoTime();
    long ackDeadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (LAST_ACK_NANOS.get() <= ackAfter && System.nanoTime() < ackDeadline && !loadDone) {
      Thread.sleep(20);
    }
    long firstAck = LAST_ACK_NANOS.get();
    outageStart = -1;
    OUTAGES.add(new Outage(fault, t0, ready));
    String line = String.format("%s | %s | %s | %s", fault, what,
        String.format("%.1f s", secs2(t0, ready))
            + (fault.equals("kill-run") || sawDown >= 0 ? "" : " (not seen down once the fault's"
                + " action had returned)"),
        firstAck > ackAfter ? String.format("%.1f s", secs2(t0, firstAck))
            : loadDone ? "none: the load had ended" : "none within 5 min");
    FAULT_LINES.add(line);
    say("fault: %s", line.replace(" | ", "; "));
    if (acksBefore == 0) {
      ODD.add("no acknowledgement before the " + fault + " fault");
    }
  }

  /**
   * {@code pg_ctl restart -m fast} on the run's data directory: a fast shutdown (clients are
   * disconnected, the server stops cleanly), then a start with the options the server recorded in
   * {@code postmaster.opts}. As root it runs under {@code unshare -U}, as the embedded PostgreSQL
   * itself does (zonky starts it that way): PostgreSQL refuses to run as root.
   */
  static String restartPostgres() throws Exception {
    Path data = REPO.resolve(".devdb/data");
    String postgres = Files.readString(data.resolve("postmaster.opts")).trim().split("\\s+")[0];
    String pgCtl = Path.of(postgres).resolveSibling("pg_ctl").toString();
    List<String> command = new ArrayList<>();
    if (new com.sun.security.auth.module.UnixSystem().getUid() == 0) {
      command.addAll(List.of("unshare", "-U"));
    }
    command.addAll(List.of(pgCtl, "restart", "-D", data.toString(), "-m", "fast", "-w", "-t", "120",
        "-l", runLog.resolveSibling("postgres-restarted.log").toAbsolutePath().toString()));
    long t = System.nanoTime();
    sh(command.toArray(String[]::new));
    return String.format("`pg_ctl restart -m fast` took %.1f s", secs(t));
  }

  /** Processes of the run left alive: Liberty, the simulator, PostgreSQL on this data. */
  static List<String> orphans() throws Exception {
    List<String> left = new ArrayList<>();
    ProcessHandle.allProcesses().forEach(p -> {
      String cmd = p.info().commandLine().orElse("");
      if (cmd.contains("ws-server.jar") && cmd.contains("plinth ")
          || cmd.contains("StripeSimulator") && cmd.contains("12111")
          || cmd.contains("postgres") && cmd.contains(REPO.resolve(".devdb").toString())) {
        left.add(p.pid() + " " + (cmd.length() > 80 ? cmd.substring(0, 80) + "..." : cmd));
      }
    });
    return left;
  }

  // ------------------------------------------------------------------ verification

  /** Waits until no event of the tenant is waiting for processing (up to 10 minutes). */
  static Map<String, Long> settle(String tenantId) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (!sql("SELECT count(*) FROM core.webhook_events WHERE tenant_id = '" + tenantId
        + "' AND status NOT IN ('completed', 'skipped', 'dead')").equals("0")
        && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
    Map<String, Long> statuses = new TreeMap<>();
    for (String line : sql("SELECT status || ' ' || count(*) FROM core.webhook_events"
        + " WHERE tenant_id = '" + tenantId + "' GROUP BY status").split("\n")) {
      if (!line.isBlank()) {
        String[] p = line.split(" ");
        statuses.put(p[0], Long.parseLong(p[1]));
      }
    }
    return statuses;
  }

  record Verdict(int acked, int lostOnDisk, int notProcessed, int paidCompletionsAcked,
      int lostEffect, int doubledEffect, int doubledRows, int bad5xxWhileUp, int bad5xxInOutage,
      int givenUp, List<String> examples) {

    boolean pass() {
      return lostOnDisk == 0 && notProcessed == 0 && lostEffect == 0 && doubledEffect == 0
          && doubledRows == 0 && bad5xxWhileUp == 0 && givenUp == 0;
    }

    int lost() {
      return lostOnDisk + lostEffect;
    }
  }

  static Verdict verify(String tenantId, Map<String, String> sessions) throws Exception {
    Map<String, String> stored = new HashMap<>();
    Map<String, Integer> rows = new HashMap<>();
    for (String line : sql("SELECT event_id || ' ' || status FROM core.webhook_events"
        + " WHERE tenant_id = '" + tenantId + "'").split("\n")) {
      if (!line.isBlank()) {
        String[] p = line.split(" ");
        stored.put(p[0], p[1]);
        rows.merge(p[0], 1, Integer::sum);
      }
    }
    Map<String, Integer> campaigns = new HashMap<>();
    for (String line : sql("SELECT checkout_session_id || ' ' || count(*) FROM"
        + " campaigns.campaigns WHERE tenant_id = '" + tenantId + "' GROUP BY checkout_session_id").split("\n")) {
      if (!line.isBlank()) {
        String[] p = line.split(" ");
        campaigns.put(p[0], Integer.parseInt(p[1]));
      }
    }
    List<String> examples = new ArrayList<>();
    int lostOnDisk = 0;
    int notProcessed = 0;
    for (String id : ACKED) {
      String status = stored.get(id);
      if (status == null) {
        lostOnDisk++;
        example(examples, "acknowledged, not in core.webhook_events: " + id);
      } else if (!status.equals("completed") && !status.equals("skipped")) {
        notProcessed++;
        example(examples, "acknowledged, stored, but " + status + ": " + id);
      }
    }
    int paidAcked = 0;
    int lostEffect = 0;
    for (Map.Entry<String, String> e : SESSION_OF_EVENT.entrySet()) {
      if (ACKED.contains(e.getKey())) {
        paidAcked++;
        if (campaigns.getOrDefault(e.getValue(), 0) == 0) {
          lostEffect++;
          example(examples, "completion " + e.getKey() + " acknowledged, no campaign for "
              + e.getValue());
        }
      }
    }
    int doubledEffect = (int) campaigns.values().stream().filter(c -> c > 1).count();
    int doubledRows = (int) rows.values().stream().filter(c -> c > 1).count();
    for (String session : campaigns.keySet()) {
      if (!sessions.containsKey(session)) {
        example(examples, "a campaign for a checkout the soak did not make: " + session);
      }
    }
    int bad5xxWhileUp = 0;
    int bad5xxInOutage = 0;
    int givenUp = 0;
    for (Tally t : TALLY.values()) {
      bad5xxWhileUp += t.bad5xxWhileUp.get();
      bad5xxInOutage += t.bad5xxInOutage.get();
      givenUp += t.given_up.get();
    }
    return new Verdict(ACKED.size(), lostOnDisk, notProcessed, paidAcked, lostEffect,
        doubledEffect, doubledRows, bad5xxWhileUp, bad5xxInOutage, givenUp, examples);
  }

  static void example(List<String> examples, String line) {
    if (examples.size() < 10) {
      examples.add(line);
    }
  }

  // ------------------------------------------------------------------ the report

  static String table(int planned, Verdict v, Map<String, Long> statuses) {
    StringBuilder b = new StringBuilder();
    b.append("| kind | deliveries | HTTP attempts | acknowledged (200) | answered 4xx |"
        + " answered 5xx | no answer (refused, reset, timeout) | 5xx to bad input |\n");
    b.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    Tally sum = new Tally();
    for (Map.Entry<Kind, Tally> e : TALLY.entrySet()) {
      Tally t = e.getValue();
      int bad5xx = t.bad5xxWhileUp.get() + t.bad5xxInOutage.get();
      b.append(String.format("| %s | %,d | %,d | %,d | %,d | %,d | %,d | %s |\n", e.getKey().label,
          t.deliveries.get(), t.attempts.get(), t.acked.get(), t.answered4xx.get(),
          t.answered5xx.get(), t.noAnswer.get(), e.getKey().bad() ? String.format("%,d", bad5xx)
              : "—"));
      sum.deliveries.addAndGet(t.deliveries.get());
      sum.attempts.addAndGet(t.attempts.get());
      sum.acked.addAndGet(t.acked.get());
      sum.answered4xx.addAndGet(t.answered4xx.get());
      sum.answered5xx.addAndGet(t.answered5xx.get());
      sum.noAnswer.addAndGet(t.noAnswer.get());
    }
    b.append(String.format("| **all** | **%,d** | **%,d** | **%,d** | **%,d** | **%,d** |"
            + " **%,d** | **%,d** |\n", sum.deliveries.get(), sum.attempts.get(),
        sum.acked.get(), sum.answered4xx.get(), sum.answered5xx.get(), sum.noAnswer.get(),
        v.bad5xxWhileUp() + v.bad5xxInOutage()));
    b.append("\n| check | result |\n|---|---:|\n");
    b.append(String.format("| distinct events acknowledged | %,d |\n", v.acked()));
    b.append(String.format("| **lost**: acknowledged, not in `core.webhook_events` | **%d** |\n",
        v.lostOnDisk()));
    b.append(String.format("| **lost**: paid checkout's completion acknowledged (%,d), no"
        + " campaign | **%d** |\n", v.paidCompletionsAcked(), v.lostEffect()));
    b.append(String.format("| acknowledged, stored, not processed after settling | %d |\n",
        v.notProcessed()));
    b.append(String.format("| **doubled**: checkouts with more than one campaign | **%d** |\n",
        v.doubledEffect()));
    b.append(String.format("| **doubled**: events stored more than once | **%d** |\n",
        v.doubledRows()));
    b.append(String.format("| **5xx to bad input** while Plinth was ready | **%d** |\n",
        v.bad5xxWhileUp()));
    b.append(String.format("| 5xx to bad input during a fault, before readiness came back"
        + " | %d |\n", v.bad5xxInOutage()));
    b.append(String.format("| valid deliveries given up after 15 min of retries | %d |\n",
        v.givenUp()));
    b.append(String.format("| the tenant's `core.webhook_events` by status | %s |\n", statuses));
    b.append(String.format("| answers other than 200 to valid and duplicate deliveries (each"
        + " retried) | %s |\n", new TreeMap<>(OTHER_ANSWERS)));
    b.append("\n| fault | what was done | ready again after | first acknowledgement after |\n");
    b.append("|---|---|---:|---:|\n");
    FAULT_LINES.forEach(l -> b.append("| ").append(l).append(" |\n"));
    return b.toString();
  }

  static String reportText(int n, int clients, List<String> faults, String settings,
      int planned, double loadSeconds, String table, Verdict v) {
    StringBuilder b = new StringBuilder();
    b.append("# Soak report, ").append(Instant.now()).append("\n\n");
    b.append(String.format("N=%d purchases, %d senders, faults %s, %,d deliveries in %.0f s;"
        + " embedded PostgreSQL %s.%n%n", n, clients, faults, planned, loadSeconds, settings));
    b.append(table).append('\n');
    if (!v.examples().isEmpty()) {
      b.append("Examples:\n\n");
      v.examples().forEach(e -> b.append("- ").append(e).append('\n'));
      b.append('\n');
    }
    if (!ODD.isEmpty()) {
      b.append("Odd:\n\n");
      ODD.stream().distinct().limit(20).forEach(e -> b.append("- ").append(e).append('\n'));
      b.append('\n');
    }
    b.append(v.pass() ? "**PASS**\n" : "**FAIL**\n");
    return b.toString();
  }

  // ------------------------------------------------------------------ plumbing

  static HttpResponse<String> call(String method, String url, String bearer, String type,
      String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    if (type != null) {
      b.header("Content-Type", type);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The status of a GET, or 0 when nothing answers. */
  static int status(String url) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2))
          .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return 0;
    }
  }

  /** One query as the superuser through psql; the rows, one a line, fields joined by '|'. */
  static String sql(String query) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("psql", "-h", "localhost", "-p",
        Integer.toString(PG_PORT), "-U", "postgres", "-d", "plinth", "-qAtX", "-c", query)
        .redirectErrorStream(true);
    pb.environment().put("PGPASSWORD", "postgres");
    pb.environment().put("PGCONNECT_TIMEOUT", "3");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("psql failed: " + out);
    }
    return out;
  }

  static void sh(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
  }

  static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static byte[] bytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  static double secs(long since) {
    return secs2(since, System.nanoTime());
  }

  static double secs2(long from, long to) {
    return (to - from) / 1e9;
  }

  static void say(String format, Object... args) {
    System.out.printf("[soak %tT] %s%n", System.currentTimeMillis(),
        String.format(format, args));
  }

  static void die(String message) {
    System.err.println("soak: " + message);
    System.exit(2);
  }

  static java.util.concurrent.ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r);
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Just enough JSON to read the simulator's answers: objects, arrays, strings, numbers, literals;
   * and the exact text of each element of a top-level array, so that events are delivered byte for
   * byte as the API rendered them.
   */
  static final class Json {
    private final String s;
    private int i;
    private final Map<String, List<String>> raw = new HashMap<>();
    private int depth;

    Json(String s) {
      this.s = s;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> object() {
      i = 0;
      depth = 0;
      return (Map<String, Object>) value(null);
    }

    List<String> rawElements(String key) {
      if (raw.isEmpty()) {
        object();
      }
      return raw.getOrDefault(key, List.of());
    }

    private Object value(String key) {
      ws();
      char c = s.charAt(i);
      if (c == '{') {
        i++;
        depth++;
        Map<String, Object> m = new LinkedHashMap<>();
        ws();
        if (s.charAt(i) == '}') {
          i++;
          depth--;
          return m;
        }
        while (true) {
          ws();
          String k = string();
          ws();
          expect(':');
          m.put(k, value(k));
          ws();
          if (s.charAt(i++) == '}') {
            depth--;
            return m;
          }
        }
      }
      if (c == '[') {
        i++;
        boolean keep = depth == 1;
        List<Object> l = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        ws();
        if (s.charAt(i) == ']') {
          i++;
        } else {
          while (true) {
            ws();
            int from = i;
            l.add(value(null));
            texts.add(s.substring(from, i));
            ws();
            if (s.charAt(i++) == ']') {
              break;
            }
          }
        }
        if (keep && key != null) {
          raw.put(key, texts);
        }
        return l;
      }
      if (c == '"') {
        return string();
      }
      int from = i;
      while (i < s.length() && ",}] \n\r\t".indexOf(s.charAt(i)) < 0) {
        i++;
      }
      String word = s.substring(from, i);
      return switch (word) {
        case "true" -> Boolean.TRUE;
        case "false" -> Boolean.FALSE;
        case "null" -> null;
        default -> Double.parseDouble(word);
      };
    }

    private String string() {
      expect('"');
      StringBuilder b = new StringBuilder();
      while (true) {
        char c = s.charAt(i++);
        if (c == '"') {
          return b.toString();
        }
        if (c == '\\') {
          char e = s.charAt(i++);
          switch (e) {
            case 'n' -> b.append('\n');
            case 't' -> b.append('\t');
            case 'r' -> b.append('\r');
            case 'b' -> b.append('\b');
            case 'f' -> b.append('\f');
            case 'u' -> {
              b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
              i += 4;
            }
            default -> b.append(e);
          }
        } else {
          b.append(c);
        }
      }
    }

    private void expect(char c) {
      if (s.charAt(i++) != c) {
        throw new IllegalArgumentException("expected " + c + " at " + (i - 1));
      }
    }

    private void ws() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }
  }
}
