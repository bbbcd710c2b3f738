import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Load driver for Plinth's webhook intake: signed Stripe-style deliveries at a fixed offered rate
 * (open loop, latency measured from each request's scheduled time) or at saturation (closed loop,
 * N clients back to back). Sends only to the given base URL, which must be on this machine.
 *
 * <pre>
 * java bench/WebhookLoad.java seal SECRETS_KEY_FILE TENANT_ID WHSEC     # prints the sealed secret
 * java bench/WebhookLoad.java run BASE SLUG WHSEC PHASE RATE SECONDS CLIENTS
 *      RATE 0 means saturation with CLIENTS concurrent senders
 * java bench/WebhookLoad.java presign WHSEC PHASE COUNT FILE
 *      writes COUNT deliveries signed now, one per line (signature TAB body), for bench/webhook.lua
 * </pre>
 */
public class WebhookLoad {

  public static void main(String[] args) throws Exception {
    if (args[0].equals("seal")) {
      System.out.println(seal(Files.readString(Path.of(args[1])).trim(), args[2] + ":webhook", args[3]));
      return;
    }
    if (args[0].equals("presign")) {
      presign(args[1], args[2], Integer.parseInt(args[3]), Path.of(args[4]));
      return;
    }
    String base = args[1];
    if (!base.startsWith("http://localhost") && !base.startsWith("http://127.")) {
      throw new IllegalArgumentException("the load goes to this machine only");
    }
    run(base, args[2], args[3], args[4], Integer.parseInt(args[5]), Integer.parseInt(args[6]),
        Integer.parseInt(args[7]));
  }

  static String seal(String base64Key, String aad, String plaintext) throws Exception {
    byte[] nonce = new byte[12];
    new SecureRandom().nextBytes(nonce);
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(base64Key), "AES"),
        new GCMParameterSpec(128, nonce));
    c.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
    byte[] ct = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
    return "v1:" + Base64.getEncoder().encodeToString(
        ByteBuffer.allocate(nonce.length + ct.length).put(nonce).put(ct).array());
  }

  /** Deliveries signed ahead, so that the driver in C spends no time on them during the run. */
  static void presign(String secret, String phase, int count, Path file) throws Exception {
    try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int n = 0; n < count; n++) {
        String payload = event(phase, n);
        out.write(sign(secret, payload) + "\t" + payload + "\n");
      }
    }
  }

  static String sign(String secret, String payload) throws Exception {
    long t = System.currentTimeMillis() / 1000;
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "t=" + t + ",v1=" + HexFormat.of().formatHex(
        mac.doFinal((t + "." + payload).getBytes(StandardCharsets.UTF_8)));
  }

  static String event(String phase, int n) {
    String id = "evt_bench_" + phase + "_" + n;
    return "{\"id\":\"" + id + "\",\"object\":\"event\",\"api_version\":\"2026-07-29.dahlia\","
        + "\"created\":" + (System.currentTimeMillis() / 1000) + ",\"livemode\":false,"
        + "\"type\":\"payment_intent.succeeded\",\"data\":{\"object\":{\"id\":\"pi_bench_" + phase
        + "_" + n + "\",\"object\":\"payment_intent\",\"amount\":2500,\"currency\":\"usd\","
        + "\"status\":\"succeeded\",\"customer\":\"cus_bench\",\"description\":\""
        + "x".repeat(600) + "\"}},\"pending_webhooks\":1,\"request\":{\"id\":null,"
        + "\"idempotency_key\":null}}";
  }

  static void run(String base, String slug, String secret, String phase, int rate, int seconds,
      int clients) throws Exception {
    HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(clients))
        .connectTimeout(Duration.ofSeconds(5)).build();
    URI uri = URI.create(base + "/api/webhooks/stripe/" + slug);
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    AtomicInteger seq = new AtomicInteger();
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    ExecutorService senders = Executors.newFixedThreadPool(clients);
    Runnable sendOne = () -> {};
    if (rate > 0) {
      long intervalNanos = 1_000_000_000L / rate;
      int total = rate * seconds;
      CountDownLatch done = new CountDownLatch(total);
      ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
      for (int i = 0; i < total; i++) {
        long scheduled = start + i * intervalNanos;
        int n = i;
        ticker.schedule(() -> senders.execute(() -> {
          send(http, uri, secret, event(phase, n), scheduled, latencies, ok, errors);
          done.countDown();
        }), scheduled - System.nanoTime(), TimeUnit.NANOSECONDS);
      }
      done.await(seconds + 60L, TimeUnit.SECONDS);
      ticker.shutdownNow();
    } else {
      CountDownLatch done = new CountDownLatch(clients);
      for (int c = 0; c < clients; c++) {
        senders.execute(() -> {
          while (System.nanoTime() < end) {
            send(http, uri, secret, event(phase, seq.getAndIncrement()), System.nanoTime(),
                latencies, ok, errors);
          }
          done.countDown();
        });
      }
      done.await(seconds + 60L, TimeUnit.SECONDS);
    }
    senders.shutdownNow();
    double elapsed = (System.nanoTime() - start) / 1e9;
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    System.out.printf(
        "phase=%s offered=%s clients=%d sent=%d ok=%d errors=%d seconds=%.1f ingest_rps=%.1f"
            + " ack_p50_ms=%.2f ack_p95_ms=%.2f ack_p99_ms=%.2f ack_max_ms=%.2f%n",
        phase, rate > 0 ? rate + "/s" : "saturation", clients, sorted.size(), ok.get(),
        errors.get(), elapsed, ok.get() / elapsed, pct(sorted, 50), pct(sorted, 95),
        pct(sorted, 99), sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1e6);
    System.exit(0);
  }

  static void send(HttpClient http, URI uri, String secret, String payload, long scheduled,
      ConcurrentLinkedQueue<Long> latencies, AtomicInteger ok, AtomicInteger errors) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri)
          .header("Content-Type", "application/json; charset=utf-8")
          .header("Stripe-Signature", sign(secret, payload))
          .POST(HttpRequest.BodyPublishers.ofString(payload)).build(),
          HttpResponse.BodyHandlers.ofString());
      latencies.add(System.nanoTime() - scheduled);
      if (r.statusCode() == 200) {
        ok.incrementAndGet();
      } else {
        errors.incrementAndGet();
      }
    } catch (Exception e) {
      errors.incrementAndGet();
    }
  }

  static double pct(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, i)) / 1e6;
  }
}
