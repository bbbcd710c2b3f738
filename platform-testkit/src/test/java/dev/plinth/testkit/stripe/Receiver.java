package dev.plinth.testkit.stripe;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook endpoint on loopback for the simulator's tests: it keeps each delivery as {@code [path,
 * Stripe-Signature, body]} and answers 200, or 500 to {@code /flaky} while {@link #failuresLeft}
 * lasts.
 */
final class Receiver implements AutoCloseable {

  final List<String[]> received = new CopyOnWriteArrayList<>();
  final AtomicInteger failuresLeft = new AtomicInteger();
  private final HttpServer server;

  Receiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.createContext(
        "/",
        ex -> {
          String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          received.add(
              new String[] {
                ex.getRequestURI().getPath(),
                ex.getRequestHeaders().getFirst("Stripe-Signature"),
                body
              });
          int status =
              ex.getRequestURI().getPath().equals("/flaky")
                      && failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0
                  ? 500
                  : 200;
          ex.sendResponseHeaders(status, -1);
          ex.close();
        });
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** What reached {@code path}, once at least {@code atLeast} deliveries did or 10 s passed. */
  List<String[]> deliveredTo(String path, int atLeast) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      List<String[]> mine = received.stream().filter(r -> r[0].equals(path)).toList();
      if (mine.size() >= atLeast || System.nanoTime() > end) {
        return mine;
      }
      Thread.sleep(20);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
