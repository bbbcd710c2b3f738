package dev.plinth.testkit.stripe;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plain Java values for JSON: objects are {@code LinkedHashMap<String, Object>}, arrays are {@code
 * ArrayList<Object>}, numbers are {@code Long} (or {@code Double}), and the rest are strings,
 * booleans and null. The simulator keeps Stripe's objects this way, so that it can change and copy
 * them freely, and writes them in Stripe's field order.
 */
public final class Jsons {

  private Jsons() {}

  /** Parses a JSON text into plain values. */
  public static Object parse(String json) {
    try (JsonReader r = Json.createReader(new StringReader(json))) {
      return plain(r.readValue());
    }
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> parseObject(String json) {
    return (Map<String, Object>) parse(json);
  }

  static Object plain(JsonValue v) {
    return switch (v.getValueType()) {
      case OBJECT -> {
        Map<String, Object> m = new LinkedHashMap<>();
        ((JsonObject) v).forEach((k, x) -> m.put(k, plain(x)));
        yield m;
      }
      case ARRAY -> {
        List<Object> l = new ArrayList<>();
        ((JsonArray) v).forEach(x -> l.add(plain(x)));
        yield l;
      }
      case STRING -> ((JsonString) v).getString();
      case NUMBER -> {
        JsonNumber n = (JsonNumber) v;
        yield n.isIntegral() ? (Object) n.longValueExact() : (Object) n.doubleValue();
      }
      case TRUE -> Boolean.TRUE;
      case FALSE -> Boolean.FALSE;
      case NULL -> null;
    };
  }

  /** A deep copy of a plain value, so that a stored object and what was sent never share state. */
  @SuppressWarnings("unchecked")
  public static <T> T copy(T value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> c = new LinkedHashMap<>();
      m.forEach((k, v) -> c.put((String) k, copy(v)));
      return (T) c;
    }
    if (value instanceof List<?> l) {
      List<Object> c = new ArrayList<>(l.size());
      l.forEach(v -> c.add(copy(v)));
      return (T) c;
    }
    return value;
  }

  /** Writes a plain value as compact JSON. */
  public static String write(Object value) {
    StringBuilder out = new StringBuilder(256);
    write(value, out);
    return out.toString();
  }

  private static void write(Object v, StringBuilder out) {
    if (v == null) {
      out.append("null");
    } else if (v instanceof Map<?, ?> m) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string(e.getKey().toString(), out);
        out.append(':');
        write(e.getValue(), out);
      }
      out.append('}');
    } else if (v instanceof List<?> l) {
      out.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(l.get(i), out);
      }
      out.append(']');
    } else if (v instanceof Number || v instanceof Boolean) {
      out.append(v);
    } else {
      string(v.toString(), out);
    }
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
