package dev.plinth.testkit.stripe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Stripe's own example object for every API resource, from Stripe's public OpenAPI repository (MIT
 * licence, see {@code LICENSE-stripe-openapi} beside {@code fixtures3.json}). The simulator builds
 * each response from a copy of the matching example, so that what Plinth parses has the shape
 * Stripe sends.
 */
public final class Fixtures {

  private static final Map<String, Object> RESOURCES = load();

  private Fixtures() {}

  /** A fresh, mutable copy of the example object for {@code resource}, such as "charge". */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> of(String resource) {
    Object example = RESOURCES.get(resource);
    if (example == null) {
      throw new IllegalArgumentException("no Stripe example for " + resource);
    }
    return (Map<String, Object>) Jsons.copy(example);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> load() {
    try (InputStream in = Fixtures.class.getResourceAsStream("fixtures3.json")) {
      if (in == null) {
        throw new IllegalStateException("fixtures3.json is missing from the testkit");
      }
      Map<String, Object> all =
          Jsons.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return (Map<String, Object>) all.get("resources");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
