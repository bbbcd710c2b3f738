package dev.plinth.testkit.stripe;

import java.util.List;
import java.util.Map;

/**
 * Stripe's {@code expand[]}: each dotted path names a field holding an object's id, which the
 * answer carries as the whole object instead ({@code data.} first for a list's items, as in {@code
 * data.product}). A path that names no id (such as {@code items}, which a subscription always
 * carries whole) leaves the answer as it is.
 */
final class Expand {

  private Expand() {}

  /** The answer with the paths of {@code expand} expanded; changes {@code answer} in place. */
  static Object apply(Account a, Object answer, Object expand) {
    if (expand instanceof List<?> paths) {
      for (Object path : paths) {
        expand(a, answer, String.valueOf(path).split("\\."), 0);
      }
    }
    return answer;
  }

  @SuppressWarnings("unchecked")
  private static void expand(Account a, Object node, String[] path, int at) {
    if (node instanceof List<?> list) {
      list.forEach(item -> expand(a, item, path, at));
      return;
    }
    if (!(node instanceof Map<?, ?> m) || at >= path.length) {
      return;
    }
    Map<String, Object> map = (Map<String, Object>) m;
    Object value = map.get(path[at]);
    if (value instanceof String id && a.objects.containsKey(id)) {
      value = State.visible(a.objects.get(id));
      map.put(path[at], value);
    }
    expand(a, value, path, at + 1);
  }
}
