import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The credits spend under load: a fresh credits tenant with USERS users, each holding 2,000
 * credits bought and paid at the simulator's checkout page; then THREADS threads spend 1 credit
 * REQUESTS times each (closed loop, the tenant's key, a fresh idempotency key each), spread over
 * the users, or all on one user with {@code hot}. Every spend must be 201, each balance must end
 * exactly where the spends put it, and the ledger check must hold. Reports p50, p99 and
 * throughput. Run through bench/spend-bench.sh against mvn -Prun.
 */
public class SpendLoad {

  static HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  static HttpResponse<String> send(String method, String url, String token, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> call(String method, String url, String token, String body, int want)
      throws Exception {
    HttpResponse<String> r = send(method, url, token, body);
    if (r.statusCode() != want) {
      throw new IllegalStateException(method + " " + url + ": " + r.statusCode() + " " + r.body());
    }
    return r;
  }

  static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"?([^\",}]*)").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no " + name + " in " + json);
    }
    return m.group(1);
  }

  public static void main(String[] args) throws Exception {
    String base = args[0];
    String admin = args[1];
    int users = Integer.parseInt(args[2]);
    int threads = Integer.parseInt(args[3]);
    int requests = Integer.parseInt(args[4]);
    boolean hot = args.length > 5 && args[5].equals("hot");
    String slug = "sb-" + UUID.randomUUID().toString().substring(0, 8);
    String key =
        field(
            call(
                    "POST",
                    base + "/api/tenants",
                    admin,
                    "{\"slug\":\"" + slug + "\",\"name\":\"Spend bench\",\"vertical\":\"credits\","
                        + "\"ownerEmail\":\"owner@bench.test\",\"stripe\":{\"mode\":\"direct\","
                        + "\"secretKey\":\"sk_test_" + slug.replace("-", "") + "\"}}",
                    201)
                .body(),
            "apiKey");
    call("POST", base + "/api/tenants/" + slug + "/stripe/webhook-endpoint", key, null, 201);
    String area = base + "/api/t/" + slug + "/credits/";
    call("PUT", area + "capacity", key, "{\"total\":" + (users * 2000L) + "}", 200);

    ExecutorService setup = Executors.newFixedThreadPool(8);
    List<Future<?>> ready = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      String ref = "user-" + u;
      ready.add(
          setup.submit(
              () -> {
                call(
                    "PUT",
                    base + "/api/tenants/" + slug + "/users/" + ref,
                    key,
                    "{\"email\":\"" + ref + "@bench.test\"}",
                    201);
                String url =
                    field(
                        call(
                                "POST",
                                area + "users/" + ref + "/purchases",
                                key,
                                "{\"packageCode\":\"large\"}",
                                201)
                            .body(),
                        "url");
                String form =
                    "action=pay&email="
                        + URLEncoder.encode(ref + "@bench.test", StandardCharsets.UTF_8)
                        + "&name=Bench";
                http.send(
                    HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!field(call("GET", area + "users/" + ref + "/balance", key, null, 200).body(), "balance")
                    .equals("2000")) {
                  if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(ref + " was not credited in 60 s");
                  }
                  Thread.sleep(100);
                }
                return null;
              }));
    }
    for (Future<?> f : ready) {
      f.get();
    }
    setup.shutdown();
    System.out.printf("tenant %s: %d users with 2000 credits each%n", slug, users);

    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    List<String> wrong = Collections.synchronizedList(new ArrayList<>());
    List<Future<?>> done = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int th = 0; th < threads; th++) {
      String url = area + "users/user-" + (hot ? 0 : th % users) + "/spend";
      done.add(
          pool.submit(
              () -> {
                for (int i = 0; i < requests; i++) {
                  String body =
                      "{\"credits\":1,\"reason\":\"bench\",\"idempotencyKey\":\""
                          + UUID.randomUUID()
                          + "\"}";
                  long s = System.nanoTime();
                  HttpResponse<String> r = send("POST", url, key, body);
                  latencies.add(System.nanoTime() - s);
                  if (r.statusCode() != 201) {
                    wrong.add(r.statusCode() + " " + r.body());
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    pool.shutdown();

    long[] spentBy = new long[users];
    for (int th = 0; th < threads; th++) {
      spentBy[hot ? 0 : th % users] += requests;
    }
    int off = 0;
    for (int u = 0; u < users; u++) {
      String b = field(call("GET", area + "users/user-" + u + "/balance", key, null, 200).body(), "balance");
      if (Long.parseLong(b) != 2000 - spentBy[u]) {
        off++;
        System.out.printf("user-%d: balance %s, expected %d%n", u, b, 2000 - spentBy[u]);
      }
    }
    boolean ledger = field(call("GET", area + "admin/ledger-check", key, null, 200).body(), "ok").equals("true");
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    System.out.printf(
        "%d spends by %d threads on %s in %.1f s: %.0f req/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms;"
            + " answers other than 201: %d; balances off: %d; ledger check: %s%n",
        sorted.size(),
        threads,
        hot ? "one user" : users + " users",
        seconds,
        sorted.size() / seconds,
        sorted.get(sorted.size() / 2) / 1e6,
        sorted.get((int) (sorted.size() * 0.99)) / 1e6,
        sorted.get(sorted.size() - 1) / 1e6,
        wrong.size(),
        off,
        ledger ? "ok" : "FAILED");
    if (!wrong.isEmpty()) {
      System.out.println("first unexpected answer: " + wrong.get(0));
    }
    System.exit(wrong.isEmpty() && off == 0 && ledger ? 0 : 1);
  }
}
