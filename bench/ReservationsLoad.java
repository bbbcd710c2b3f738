import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load driver for the reservations vertical's race: N customers asking for a deposit at the same
 * moment, spread round-robin over a few items. Every item must have exactly one winner (201); the
 * others get 409. Makes a fresh tenant (random slug) with its webhook endpoint registered, runs a
 * discarded warm-up burst on throwaway items, then RUNS measured bursts, each on fresh items.
 * Latency is measured from the moment all threads are released to each response, throughput over
 * the burst's wall time (release to last response). Sends only to the given base URL, which must
 * be on this machine. Run Plinth with a high {@code RESERVATIONS_DEPOSITS_PER_CLIENT_PER_MINUTE}:
 * every attempt comes from the same client address.
 *
 * <pre>
 * java bench/ReservationsLoad.java BASE ADMIN_TOKEN ITEMS ATTEMPTS [RUNS [WARMUP]]
 *      RUNS defaults to 3, WARMUP (attempts in the discarded burst, 0 for none) to 100
 * </pre>
 *
 * <p>Exits 1 if any item in any burst (warm-up included) had other than one winner, or if the
 * server's pending reservations disagree.
 */
public class ReservationsLoad {

  static final Pattern ERROR = Pattern.compile("\"error\"\\s*:\\s*\"([^\"]*)\"");
  static final Pattern API_KEY = Pattern.compile("\"apiKey\"\\s*:\\s*\"([^\"]+)\"");
  static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
  static final Pattern ITEM_ID = Pattern.compile("\"itemId\"\\s*:\\s*\"([^\"]+)\"");

  /** A burst's outcome. */
  record Burst(
      int attempts,
      int items,
      double wallMs,
      double throughput,
      List<Long> sortedNanos,
      Map<String, Integer> outcomes,
      int[] winners) {

    double pct(int p) {
      if (sortedNanos.isEmpty()) {
        return 0;
      }
      int i = (int) Math.ceil(p / 100.0 * sortedNanos.size()) - 1;
      return sortedNanos.get(Math.max(0, i)) / 1e6;
    }

    double max() {
      return sortedNanos.isEmpty() ? 0 : sortedNanos.get(sortedNanos.size() - 1) / 1e6;
    }

    boolean oneWinnerEach() {
      return Arrays.stream(winners).allMatch(w -> w == 1);
    }
  }

  static HttpClient setup;
  static String base;

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println(
          "usage: java bench/ReservationsLoad.java BASE ADMIN_TOKEN ITEMS ATTEMPTS [RUNS [WARMUP]]");
      System.exit(2);
    }
    base = args[0].endsWith("/") ? args[0].substring(0, args[0].length() - 1) : args[0];
    if (!base.startsWith("http://localhost") && !base.startsWith("http://127.")) {
      throw new IllegalArgumentException("the load goes to this machine only");
    }
    String adminToken = args[1];
    int items = Integer.parseInt(args[2]);
    int attempts = Integer.parseInt(args[3]);
    int runs = args.length > 4 ? Integer.parseInt(args[4]) : 3;
    int warmup = args.length > 5 ? Integer.parseInt(args[5]) : 100;
    if (items < 1 || attempts < items || runs < 1 || warmup < 0) {
      throw new IllegalArgumentException("need ITEMS >= 1, ATTEMPTS >= ITEMS, RUNS >= 1, WARMUP >= 0");
    }
    setup =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    String tag = HexFormat.of().formatHex(randomBytes(4));
    String slug = "bench-res-" + tag;
    String apiKey = onboard(adminToken, slug, tag);
    call("POST", "/api/tenants/" + slug + "/stripe/webhook-endpoint", apiKey, null, 201);
    System.out.printf("tenant=%s items=%d attempts=%d runs=%d warmup=%d%n", slug, items, attempts,
        runs, warmup);

    boolean ok = true;
    if (warmup > 0) {
      int warmItems = Math.min(items, warmup);
      List<String> ids = createItems(slug, apiKey, warmItems, "warm");
      Burst b = burst(slug, ids, warmup, tag + "w");
      ok &= check(slug, apiKey, ids, b, "warm-up");
      System.out.printf("warm-up (discarded): attempts=%d items=%d %s one_winner_each=%s%n",
          b.attempts(), b.items(), b.outcomes(), b.oneWinnerEach());
    }

    List<Burst> bursts = new ArrayList<>();
    for (int r = 1; r <= runs; r++) {
      List<String> ids = createItems(slug, apiKey, items, "r" + r);
      Burst b = burst(slug, ids, attempts, tag + "r" + r);
      bursts.add(b);
      System.out.printf(
          "run=%d attempts=%d items=%d wall_ms=%.1f throughput=%.1f/s p50_ms=%.1f p95_ms=%.1f"
              + " p99_ms=%.1f max_ms=%.1f%n",
          r, b.attempts(), b.items(), b.wallMs(), b.throughput(), b.pct(50), b.pct(95),
          b.pct(99), b.max());
      System.out.printf("      outcomes %s%n", b.outcomes());
      System.out.printf("      winners_per_item=%s one_winner_each=%s%n",
          Arrays.toString(b.winners()), b.oneWinnerEach());
      ok &= check(slug, apiKey, ids, b, "run " + r);
    }
    System.out.printf(
        "median of %d runs: p50_ms=%.1f p99_ms=%.1f throughput=%.1f/s%n", runs,
        median(bursts.stream().mapToDouble(b -> b.pct(50)).toArray()),
        median(bursts.stream().mapToDouble(b -> b.pct(99)).toArray()),
        median(bursts.stream().mapToDouble(Burst::throughput).toArray()));
    System.out.println(ok ? "every item had exactly one winner" : "FAILED: see the lines above");
    System.exit(ok ? 0 : 1);
  }

  /**
   * Fires one deposit attempt per thread, all released by one latch; attempt i goes to item i mod
   * items. Bodies and requests are built before the release, on a fresh client.
   */
  static Burst burst(String slug, List<String> itemIds, int attempts, String tag)
      throws Exception {
    int items = itemIds.size();
    HttpRequest[] requests = new HttpRequest[attempts];
    for (int i = 0; i < attempts; i++) {
      String body = "{\"email\":\"buyer-" + tag + "-" + i + "@bench.example.com\","
          + "\"name\":\"Bench Buyer " + i + "\"}";
      requests[i] = HttpRequest.newBuilder(URI.create(base + "/api/t/" + slug
              + "/reservations/items/" + itemIds.get(i % items) + "/deposit"))
          .header("Content-Type", "application/json")
          .timeout(Duration.ofSeconds(120))
          .POST(HttpRequest.BodyPublishers.ofString(body))
          .build();
    }
    ExecutorService clientPool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r);
      t.setDaemon(true);
      return t;
    });
    HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(30))
        .executor(clientPool)
        .build();

    long[] ended = new long[attempts];
    int[] status = new int[attempts];
    String[] outcome = new String[attempts];
    CountDownLatch ready = new CountDownLatch(attempts);
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(attempts);
    for (int i = 0; i < attempts; i++) {
      int n = i;
      Thread t = new Thread(null, () -> {
        ready.countDown();
        try {
          go.await();
          HttpResponse<String> r = http.send(requests[n], HttpResponse.BodyHandlers.ofString());
          ended[n] = System.nanoTime();
          status[n] = r.statusCode();
          if (r.statusCode() != 201) {
            Matcher m = ERROR.matcher(r.body());
            outcome[n] = r.statusCode() + (m.find() ? " " + m.group(1) : "");
          }
        } catch (Exception e) {
          ended[n] = System.nanoTime();
          outcome[n] = "exception " + e.getClass().getSimpleName();
        } finally {
          done.countDown();
        }
      }, "attempt-" + i, 256 * 1024);
      t.setDaemon(true);
      t.start();
    }
    ready.await();
    Thread.sleep(200); // let every thread park on the latch
    long released = System.nanoTime();
    go.countDown();
    if (!done.await(180, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the burst did not finish in 180 s");
    }
    clientPool.shutdown();

    List<Long> latencies = new ArrayList<>(attempts);
    long last = released;
    Map<String, Integer> outcomes = new TreeMap<>();
    int[] winners = new int[items];
    for (int i = 0; i < attempts; i++) {
      latencies.add(ended[i] - released);
      last = Math.max(last, ended[i]);
      if (status[i] == 201) {
        winners[i % items]++;
        outcomes.merge("201", 1, Integer::sum);
      } else {
        outcomes.merge(outcome[i], 1, Integer::sum);
      }
    }
    Collections.sort(latencies);
    double wallMs = (last - released) / 1e6;
    return new Burst(attempts, items, wallMs, attempts / (wallMs / 1000), latencies, outcomes,
        winners);
  }

  /** The server's side: exactly one pending reservation per item of this burst. */
  static boolean check(String slug, String apiKey, List<String> ids, Burst b, String what)
      throws Exception {
    String body = call("GET", "/api/t/" + slug + "/reservations/reservations?status=pending",
        apiKey, null, 200);
    Map<String, Integer> pending = new TreeMap<>();
    Matcher m = ITEM_ID.matcher(body);
    while (m.find()) {
      pending.merge(m.group(1), 1, Integer::sum);
    }
    boolean ok = b.oneWinnerEach();
    for (int i = 0; i < ids.size(); i++) {
      int server = pending.getOrDefault(ids.get(i), 0);
      if (b.winners()[i] != 1 || server != 1) {
        System.out.printf("%s: item %s had %d winners, %d pending reservations on the server%n",
            what, ids.get(i), b.winners()[i], server);
        ok = false;
      }
    }
    return ok;
  }

  static String onboard(String adminToken, String slug, String tag) throws Exception {
    String body = "{\"slug\":\"" + slug + "\",\"name\":\"Reservations bench " + tag + "\","
        + "\"vertical\":\"reservations\",\"ownerEmail\":\"owner@" + slug + ".example.com\","
        + "\"stripe\":{\"mode\":\"direct\",\"secretKey\":\"sk_test_bench" + tag + "\"}}";
    Matcher m = API_KEY.matcher(call("POST", "/api/tenants", adminToken, body, 201));
    if (!m.find()) {
      throw new IllegalStateException("no apiKey in the onboarding answer");
    }
    return m.group(1);
  }

  static List<String> createItems(String slug, String apiKey, int n, String label)
      throws Exception {
    List<String> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String body = "{\"name\":\"Bench " + label + " #" + i + "\",\"description\":\"load test\","
          + "\"priceAmount\":150000,\"depositAmount\":25000,\"currency\":\"usd\"}";
      Matcher m = ID.matcher(call("POST", "/api/t/" + slug + "/reservations/items", apiKey, body,
          201));
      if (!m.find()) {
        throw new IllegalStateException("no id in the item answer");
      }
      ids.add(m.group(1));
    }
    return ids;
  }

  static String call(String method, String path, String bearer, String body, int expected)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + bearer);
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, body == null
        ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = setup.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != expected) {
      throw new IllegalStateException(
          method + " " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }
}
