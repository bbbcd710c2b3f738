import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The events vertical's two loads against a running local Plinth (mvn -Prun), as EventsLoadIT
 * runs them, with figures: N distinct signed webhooks sent at once (ten per event, each a declined
 * card), then N API clients at once (half create an event, half list events). Each run makes a
 * fresh tenant. It fails unless every delivery is answered 200 and processed once at its first
 * attempt, every API call is 200 or 201, and the tenant's error log stays empty.
 *
 * <pre>java bench/EventsLoad.java BASE ADMIN_TOKEN N</pre>
 */
public class EventsLoad {

  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  public static void main(String[] args) throws Exception {
    String base = args[0];
    if (!base.startsWith("http://localhost") && !base.startsWith("http://127.")) {
      throw new IllegalArgumentException("the load goes to this machine only");
    }
    String admin = args[1];
    int n = Integer.parseInt(args[2]);
    String slug = "evb" + UUID.randomUUID().toString().substring(0, 8);
    String tenant =
        call(base, "POST", "/api/tenants", admin,
            "{\"slug\":\"" + slug + "\",\"name\":\"Bench\",\"vertical\":\"events\","
                + "\"ownerEmail\":\"o@" + slug + ".test\",\"stripe\":{\"mode\":\"direct\","
                + "\"secretKey\":\"sk_test_" + slug + "0000\"}}").body();
    String key = field(tenant, "apiKey");
    String secret = "whsec_" + UUID.randomUUID().toString().replace("-", "");
    check(call(base, "PUT", "/api/tenants/" + slug + "/webhook-secret", key,
        "{\"webhookSecret\":\"" + secret + "\"}"), 200);
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      events.add(field(check(call(base, "POST", "/api/t/" + slug + "/events", key, event(i)), 201).body(), "id"));
    }

    // 1. N distinct webhooks at once
    long t0 = System.nanoTime();
    List<Long> acks = atOnce(n, i -> {
      String payload = declined(slug, events.get(i % 10));
      long ts = System.currentTimeMillis() / 1000;
      String sig = "t=" + ts + ",v1=" + hmac(secret, ts + "." + payload);
      HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/api/webhooks/stripe/" + slug))
          .header("Content-Type", "application/json").header("Stripe-Signature", sig)
          .POST(HttpRequest.BodyPublishers.ofString(payload)).build();
      return check(HTTP.send(r, HttpResponse.BodyHandlers.ofString()), 200);
    });
    long acked = System.nanoTime();
    String log;
    do {
      Thread.sleep(100);
      log = call(base, "GET", "/api/t/" + slug + "/webhooks?limit=500&status=completed", key, null).body();
    } while (count(log, "\"status\":\"completed\"") < n && System.nanoTime() - t0 < 120_000_000_000L);
    long processed = System.nanoTime();
    if (count(log, "\"status\":\"completed\"") != n || count(log, "\"attempts\":1,") + count(log, "\"attempts\":1}") != n) {
      throw new IllegalStateException("not all " + n + " deliveries completed at their first attempt: " + log);
    }
    System.out.printf("webhooks: %d at once: ack p50 %.1f ms, p95 %.1f ms, max %.1f ms; all acked in %.0f ms, all processed in %.0f ms%n",
        n, pct(acks, 50), pct(acks, 95), pct(acks, 100), (acked - t0) / 1e6, (processed - t0) / 1e6);

    // 2. N API clients at once
    long t1 = System.nanoTime();
    List<Long> api = atOnce(n, i -> i % 2 == 0
        ? check(call(base, "POST", "/api/t/" + slug + "/events", key, event(100 + i)), 201)
        : check(call(base, "GET", "/api/t/" + slug + "/events?limit=20", key, null), 200));
    System.out.printf("api: %d clients at once: p50 %.1f ms, p95 %.1f ms, max %.1f ms; all answered in %.0f ms%n",
        n, pct(api, 50), pct(api, 95), pct(api, 100), (System.nanoTime() - t1) / 1e6);
    String errors = call(base, "GET", "/api/t/" + slug + "/errors", key, null).body();
    if (!errors.contains("\"errors\":[]")) {
      throw new IllegalStateException("the tenant's error log is not empty: " + errors);
    }
  }

  interface Call {
    HttpResponse<String> run(int i) throws Exception;
  }

  /** Runs n calls released together; answers each call's latency in nanoseconds, sorted. */
  static List<Long> atOnce(int n, Call call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Long>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int k = i;
      Callable<Long> c = () -> {
        go.await();
        long s = System.nanoTime();
        call.run(k);
        return System.nanoTime() - s;
      };
      futures.add(pool.submit(c));
    }
    go.countDown();
    List<Long> out = new ArrayList<>();
    for (Future<Long> f : futures) {
      out.add(f.get());
    }
    pool.shutdown();
    Collections.sort(out);
    return out;
  }

  static double pct(List<Long> sorted, int p) {
    int i = Math.max(0, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
    return sorted.get(i) / 1e6;
  }

  static String event(int i) {
    return "{\"title\":\"Event " + i + "\",\"startsAt\":\"2026-12-24T18:00:00Z\",\"venue\":\"Hall\","
        + "\"priceAmount\":25000,\"currency\":\"usd\",\"clientEmail\":\"c" + i + "@example.com\"}";
  }

  static String declined(String slug, String eventId) {
    String id = UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    return "{\"id\":\"evt_" + id + "\",\"object\":\"event\",\"api_version\":\"2026-07-29.dahlia\","
        + "\"created\":" + System.currentTimeMillis() / 1000 + ",\"type\":\"payment_intent.payment_failed\","
        + "\"livemode\":false,\"pending_webhooks\":1,\"request\":{\"id\":null,\"idempotency_key\":null},"
        + "\"data\":{\"object\":{\"id\":\"pi_" + id + "\",\"object\":\"payment_intent\",\"amount\":25000,"
        + "\"currency\":\"usd\",\"status\":\"requires_payment_method\",\"last_payment_error\":"
        + "{\"message\":\"Your card was declined.\"},\"metadata\":{\"plinth_tenant\":\"" + slug
        + "\",\"plinth_vertical\":\"events\",\"plinth_reference\":\"" + eventId + "\"}}}}";
  }

  static HttpResponse<String> call(String base, String method, String path, String token, String body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token);
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> check(HttpResponse<String> r, int status) {
    if (r.statusCode() != status) {
      throw new IllegalStateException(r.request().uri() + " answered " + r.statusCode() + ": " + r.body());
    }
    return r;
  }

  static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no " + name + " in " + json);
    }
    return m.group(1);
  }

  static int count(String s, String what) {
    int c = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      c++;
    }
    return c;
  }

  static String hmac(String secret, String payload) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
  }
}
