package dev.plinth.testkit.stripe;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading a request's parameters as Stripe does, with Stripe's errors for bad ones. */
final class Params {

  private Params() {}

  /** The name of parameter {@code field} under {@code at}: {@code at[field]}, or {@code field}. */
  static String at(String at, String field) {
    return at.isEmpty() ? field : at + "[" + field + "]";
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
  }

  static String required(Map<String, Object> p, String name) {
    return required(p, name, name);
  }

  static String required(Map<String, Object> p, String name, String param) {
    Object v = p.get(name);
    if (v == null || v.toString().isBlank()) {
      throw StripeError.missing(param);
    }
    if (!(v instanceof String s)) {
      throw StripeError.invalid(param, "Invalid string: " + param);
    }
    return s;
  }

  static long number(Map<String, Object> p, String name) {
    Object v = p.get(name);
    if (v instanceof Long l) {
      return l;
    }
    try {
      return Long.parseLong(String.valueOf(v));
    } catch (NumberFormatException e) {
      throw StripeError.invalid(name, "Invalid integer: " + v);
    }
  }

  static boolean bool(Map<String, Object> p, String name) {
    Object v = p.get(name);
    if (v == null || v instanceof Boolean) {
      return Boolean.TRUE.equals(v);
    }
    return switch (v.toString()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw StripeError.invalid(name, "Invalid boolean: " + v);
    };
  }

  static void url(String url, String param) {
    try {
      URI u = URI.create(url.replace("{CHECKOUT_SESSION_ID}", "x"));
      if (u.getScheme() == null
          || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
          || u.getHost() == null) {
        throw new IllegalArgumentException();
      }
    } catch (IllegalArgumentException e) {
      throw StripeError.invalid(param, "Not a valid URL");
    }
  }

  /**
   * Sets the named fields from the parameters, and merges {@code metadata} as Stripe does (an empty
   * value removes a key); returns the previous values, for an event's {@code previous_attributes}.
   */
  static Map<String, Object> update(
      Map<String, Object> o, Map<String, Object> p, String... fields) {
    Map<String, Object> previous = new LinkedHashMap<>();
    for (String f : fields) {
      if (p.containsKey(f)) {
        previous.put(f, o.get(f));
        o.put(f, p.get(f));
      }
    }
    if (p.get("metadata") instanceof Map<?, ?> md) {
      previous.put("metadata", Jsons.copy(o.get("metadata")));
      @SuppressWarnings("unchecked")
      Map<String, Object> current = (Map<String, Object>) o.get("metadata");
      md.forEach(
          (k, v) -> {
            if ("".equals(v)) {
              current.remove((String) k);
            } else {
              current.put((String) k, v);
            }
          });
    }
    return previous;
  }
}
