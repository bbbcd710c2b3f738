import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * The analyses quota check under load: USERS users, each at its Free limit (5 analyses), send
 * REQUESTS analyses each, all users at once (one thread per user, closed loop); every answer must
 * be 402. Reports p50, p99 and throughput. Run through bench/quota-bench.sh against mvn -Prun.
 */
public class QuotaLoad {

  static HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1) // one connection per user, as browsers would
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  static HttpResponse<String> send(String method, String url, String token, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no " + name + " in " + json);
    }
    return m.group(1);
  }

  public static void main(String[] args) throws Exception {
    String base = args[0];
    String admin = args[1];
    int users = Integer.parseInt(args[2]);
    int requests = Integer.parseInt(args[3]);
    String slug = "qb-" + UUID.randomUUID().toString().substring(0, 8);
    HttpResponse<String> t =
        send(
            "POST",
            base + "/api/tenants",
            admin,
            "{\"slug\":\"" + slug + "\",\"name\":\"Quota bench\",\"vertical\":\"analyses\","
                + "\"ownerEmail\":\"owner@bench.test\",\"stripe\":{\"mode\":\"direct\","
                + "\"secretKey\":\"sk_test_" + slug.replace("-", "") + "\"}}");
    if (t.statusCode() != 201) {
      throw new IllegalStateException("onboarding: " + t.statusCode() + " " + t.body());
    }
    String key = field(t.body(), "apiKey");
    String users0 = base + "/api/tenants/" + slug + "/users/";
    String area = base + "/api/t/" + slug + "/analyses/users/";
    String analysis = "{\"address\":\"1 Bench Road\",\"data\":{\"rooms\":3}}";

    ExecutorService setup = Executors.newFixedThreadPool(16);
    List<Future<?>> ready = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      String ref = "user-" + u;
      ready.add(
          setup.submit(
              () -> {
                send("PUT", users0 + ref, key, "{\"email\":\"" + ref + "@bench.test\"}");
                for (int i = 0; i < 5; i++) {
                  int s = send("POST", area + ref + "/analyses", key, analysis).statusCode();
                  if (s != 201) {
                    throw new IllegalStateException("setup answered " + s);
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : ready) {
      f.get();
    }
    setup.shutdown();
    System.out.printf("tenant %s: %d users at their limit%n", slug, users);

    ExecutorService pool = Executors.newFixedThreadPool(users);
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    List<Integer> wrong = Collections.synchronizedList(new ArrayList<>());
    List<Future<?>> done = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int u = 0; u < users; u++) {
      String url = area + "user-" + u + "/analyses";
      done.add(
          pool.submit(
              () -> {
                for (int i = 0; i < requests; i++) {
                  long s = System.nanoTime();
                  int status = send("POST", url, key, analysis).statusCode();
                  latencies.add(System.nanoTime() - s);
                  if (status != 402) {
                    wrong.add(status);
                  }
                }
                return null;
              }));
    }
    try {
      for (Future<?> f : done) {
        f.get();
      }
    } catch (Exception e) {
      e.printStackTrace();
      System.exit(2);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    pool.shutdown();
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    System.out.printf(
        "%d requests from %d users in %.1f s: %.0f req/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms;"
            + " answers other than 402: %d%n",
        sorted.size(),
        users,
        seconds,
        sorted.size() / seconds,
        sorted.get(sorted.size() / 2) / 1e6,
        sorted.get((int) (sorted.size() * 0.99)) / 1e6,
        sorted.get(sorted.size() - 1) / 1e6,
        wrong.size());
    System.exit(wrong.isEmpty() ? 0 : 1);
  }
}
