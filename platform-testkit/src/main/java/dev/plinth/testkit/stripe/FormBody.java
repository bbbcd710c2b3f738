package dev.plinth.testkit.stripe;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decodes Stripe's form encoding, as stripe-java sends it: {@code metadata[k]=v}, {@code
 * line_items[0][price_data][currency]=usd}, {@code expand[]=x} or {@code expand[0]=x}. The result
 * is nested plain values: maps, lists (for numbered or empty brackets) and strings.
 */
public final class FormBody {

  private FormBody() {}

  public static Map<String, Object> parse(String body) {
    Map<String, Object> root = new LinkedHashMap<>();
    if (body == null || body.isBlank()) {
      return root;
    }
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      put(root, path(key), value);
    }
    return listify(root);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** {@code a[b][0][]} to {@code [a, b, 0, ""]}. */
  static List<String> path(String key) {
    List<String> parts = new ArrayList<>();
    int open = key.indexOf('[');
    if (open < 0) {
      parts.add(key);
      return parts;
    }
    parts.add(key.substring(0, open));
    while (open >= 0) {
      int close = key.indexOf(']', open);
      if (close < 0) {
        throw new IllegalArgumentException("unbalanced brackets in " + key);
      }
      parts.add(key.substring(open + 1, close));
      open = key.indexOf('[', close);
    }
    return parts;
  }

  @SuppressWarnings("unchecked")
  private static void put(Map<String, Object> node, List<String> path, String value) {
    for (int i = 0; i < path.size() - 1; i++) {
      String part = path.get(i);
      if (path.get(i + 1).isEmpty()) {
        // key[] = value: append to a list kept under a numbered map
        Map<String, Object> list =
            (Map<String, Object>) node.computeIfAbsent(part, k -> new TreeMap<String, Object>());
        if (i + 1 == path.size() - 1) {
          list.put(String.format("%09d", list.size()), value);
          return;
        }
        Map<String, Object> next = new LinkedHashMap<>();
        list.put(String.format("%09d", list.size()), next);
        node = next;
        i++;
        continue;
      }
      Object child = node.get(part);
      if (!(child instanceof Map)) {
        child = isIndex(path.get(i + 1)) ? new TreeMap<String, Object>() : new LinkedHashMap<>();
        node.put(part, child);
      }
      node = (Map<String, Object>) child;
    }
    node.put(path.get(path.size() - 1), value);
  }

  private static boolean isIndex(String s) {
    return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
  }

  /**
   * Turns maps whose keys are all indexes into lists, in index order; never {@code metadata}, whose
   * keys are the caller's own and may well be numbers.
   */
  private static <T> T listify(T value) {
    return listify(value, false);
  }

  @SuppressWarnings("unchecked")
  private static <T> T listify(T value, boolean keepMap) {
    if (value instanceof Map<?, ?> m) {
      boolean indexed =
          !keepMap && !m.isEmpty() && m.keySet().stream().allMatch(k -> isIndex((String) k));
      if (indexed) {
        List<Object> list = new ArrayList<>();
        new TreeMap<>((Map<String, Object>) m)
            .entrySet().stream()
                .sorted(
                    (a, b) -> Long.compare(Long.parseLong(a.getKey()), Long.parseLong(b.getKey())))
                .forEach(e -> list.add(listify(e.getValue())));
        return (T) list;
      }
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put((String) k, listify(v, "metadata".equals(k))));
      return (T) out;
    }
    return value;
  }
}
