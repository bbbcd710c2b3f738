package dev.plinth.testkit;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** A small HTTP client for Plinth's JSON API, for integration tests and load drivers. */
public final class PlinthClient {

  private final URI base;

  /**
   * HTTP/1.1, as browsers behind proxies and Stripe's webhook deliveries speak it. The JDK's
   * default, an h2c upgrade on plain HTTP, ended requests with GOAWAY under heavy concurrency on a
   * loaded machine, which tested the client's upgrade, not Plinth.
   */
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  /**
   * @param base the server root, such as {@code http://localhost:19080/}
   */
  public PlinthClient(URI base) {
    this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
  }

  /** An answer: status, body and headers. */
  public record Reply(int status, String body, Map<String, java.util.List<String>> headers) {

    public JsonObject json() {
      try (JsonReader r = Json.createReader(new StringReader(body))) {
        return r.readObject();
      }
    }

    public JsonArray jsonArray() {
      try (JsonReader r = Json.createReader(new StringReader(body))) {
        return r.readArray();
      }
    }

    public Optional<String> header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream())
          .findFirst();
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  /** A tenant made for a test: its slug and API key. */
  public record TestTenant(String slug, String apiKey, JsonObject json) {}

  public Reply get(String path, String token) {
    return send("GET", path, token, null, null);
  }

  public Reply post(String path, String token, String json) {
    return send("POST", path, token, "application/json", json);
  }

  public Reply put(String path, String token, String json) {
    return send("PUT", path, token, "application/json", json);
  }

  public Reply patch(String path, String token, String json) {
    return send("PATCH", path, token, "application/json", json);
  }

  public Reply send(String method, String path, String token, String contentType, String body) {
    return send(method, path, token, contentType, body, Map.of());
  }

  /** A JSON POST from a given client address, as a proxy in front of Plinth reports it. */
  public Reply postFrom(String clientAddress, String path, String token, String json) {
    return send(
        "POST", path, token, "application/json", json, Map.of("X-Forwarded-For", clientAddress));
  }

  public Reply send(
      String method,
      String path,
      String token,
      String contentType,
      String body,
      Map<String, String> headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path.startsWith("/") ? path.substring(1) : path))
            .timeout(Duration.ofSeconds(60));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    headers.forEach(b::header);
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body(), r.headers().map());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A random slug with a readable prefix, so that tests never collide. */
  public static String randomSlug(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * Onboards a tenant in direct mode onto {@code vertical}, with the secret key {@link #keyOf} its
   * slug; fails unless the answer is 201.
   */
  public TestTenant onboard(String adminToken, String vertical) {
    String slug = randomSlug("t");
    return onboard(
        adminToken,
        slug,
        vertical,
        Json.createObjectBuilder()
            .add("mode", "direct")
            .add("secretKey", keyOf(slug))
            .add("webhookSecret", "whsec_" + slug.replace("-", "") + "secret"));
  }

  /** Onboards a tenant in Connect mode, for the connected account {@code accountId}. */
  public TestTenant onboardConnected(String adminToken, String vertical, String accountId) {
    return onboard(
        adminToken,
        randomSlug("conn"),
        vertical,
        Json.createObjectBuilder().add("mode", "connect").add("accountId", accountId));
  }

  /** The Stripe secret key that {@link #onboard} gives the tenant {@code slug}. */
  public static String keyOf(String slug) {
    return "sk_test_" + slug.replace("-", "") + "abcdefgh";
  }

  private TestTenant onboard(
      String adminToken, String slug, String vertical, jakarta.json.JsonObjectBuilder stripe) {
    Reply r =
        post(
            "api/tenants",
            adminToken,
            Json.createObjectBuilder()
                .add("slug", slug)
                .add("name", "Tenant " + slug)
                .add("vertical", vertical)
                .add("ownerEmail", "owner@" + slug + ".example")
                .add("stripe", stripe)
                .build()
                .toString());
    if (r.status() != 201) {
      throw new IllegalStateException("onboarding failed: " + r);
    }
    return new TestTenant(slug, r.json().getString("apiKey"), r.json());
  }
}
