package dev.plinth.core.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Liberty's {@code /metrics} and {@code /health} answer on a loopback-only port of their own
 * ({@code PLINTH_MONITORING_PORT}; see {@code server.xml}), where a filter of Plinth's cannot stand
 * in front of them. Plinth serves both paths on its own port by relaying each request there, after
 * checking {@link MetricsAccess} for {@code /metrics}.
 */
@ApplicationScoped
public class MonitoringRelay {

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Inject
  @ConfigProperty(name = "PLINTH_MONITORING_PORT", defaultValue = "9081")
  int port;

  @Inject
  @ConfigProperty(name = "PLINTH_LOCAL_RUN", defaultValue = "false")
  boolean localRun;

  @Inject
  @ConfigProperty(name = "PLINTH_METRICS_PUBLIC", defaultValue = "false")
  boolean publicMetrics;

  @Inject
  @ConfigProperty(name = "PLINTH_METRICS_TOKEN")
  Optional<String> token;

  private volatile MetricsAccess access;

  /**
   * Reads the settings; called once at start-up.
   *
   * @throws IllegalStateException if the metrics token is too short
   */
  public void initialise() {
    access = new MetricsAccess(localRun, publicMetrics, token);
  }

  public MetricsAccess access() {
    return access;
  }

  /** What Liberty answered. */
  public record Answer(int status, String contentType, byte[] body) {}

  /**
   * Sends a GET for {@code pathAndQuery} to Liberty's monitoring port.
   *
   * @throws IOException if the port cannot be reached or does not answer in time
   */
  public Answer get(String pathAndQuery, String accept) throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
            .timeout(TIMEOUT)
            .GET();
    if (accept != null) {
      request.header("Accept", accept);
    }
    try {
      HttpResponse<byte[]> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(
          r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
