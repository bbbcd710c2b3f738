package dev.plinth.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Cuts and restores the database proxy that {@link DevDatabase} runs in front of the test database,
 * so a test can take the database away from a running server.
 */
public final class DatabaseProxyControl {

  private final int controlPort;
  private final HttpClient http = HttpClient.newHttpClient();

  public DatabaseProxyControl(int controlPort) {
    this.controlPort = controlPort;
  }

  public void cut() {
    call("/down");
  }

  public void restore() {
    call("/up");
  }

  private void call(String path) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + controlPort + path))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("proxy control answered " + r.statusCode());
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot reach the database proxy control: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
