package dev.plinth.testkit.stripe;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What the simulator holds, shared by its parts: the accounts and their objects, the lock that
 * guards them, the simulator's clock and its ids. Objects are plain JSON values ({@link Jsons});
 * keys starting with two underscores are the simulator's own bookkeeping and never leave it.
 */
final class State {

  private static final String ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  /** Guards the accounts and every object in them. */
  final Object lock = new Object();

  final Map<String, Account> accounts = new HashMap<>();

  /** The account that holds each object, by id. */
  final Map<String, Account> ownerOf = new HashMap<>();

  private final SecureRandom random = new SecureRandom();
  private volatile Duration clockOffset = Duration.ZERO;
  private volatile String baseUrl;

  /** The simulator's own address, for the urls of hosted pages and receipts. */
  String baseUrl() {
    return baseUrl;
  }

  void baseUrl(String url) {
    baseUrl = url;
  }

  /** The simulator's time: the real time, moved forward by {@link #advanceClock}. */
  Instant now() {
    return Instant.now().plus(clockOffset);
  }

  long epoch() {
    return now().getEpochSecond();
  }

  void advanceClock(Duration by) {
    clockOffset = clockOffset.plus(by);
  }

  void resetClock() {
    clockOffset = Duration.ZERO;
  }

  /** Random letters and digits, as in Stripe's ids. */
  String token(int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return s.toString();
  }

  Account account(String id) {
    return accounts.computeIfAbsent(id, Account::new);
  }

  /** The account that holds the object {@code id} of the kind {@code object}, or null. */
  Account owner(String id, String object) {
    Account a = ownerOf.get(id);
    return a != null && object.equals(a.objects.get(id).get("object")) ? a : null;
  }

  void store(Account a, Map<String, Object> o) {
    String id = (String) o.get("id");
    a.objects.put(id, o);
    own(a, id);
  }

  void own(Account a, String id) {
    ownerOf.put(id, a);
  }

  /** The object named in a request's path, or Stripe's 404. */
  Map<String, Object> get(Account a, String id, String object) {
    Map<String, Object> o = a.objects.get(id);
    if (o == null || !object.equals(o.get("object"))) {
      throw StripeError.noSuch(object, id, "id");
    }
    return o;
  }

  /** The account's objects of one kind, newest first, as a page of a list. */
  Map<String, Object> list(
      Account a, String object, Map<String, Object> p, Predicate<Map<String, Object>> filter) {
    List<Map<String, Object>> all = new ArrayList<>();
    for (Map<String, Object> o : a.objects.values()) {
      if (object.equals(o.get("object")) && (filter == null || filter.test(o))) {
        all.add(o);
      }
    }
    Collections.reverse(all);
    return page(
        all,
        p,
        object.equals("checkout.session") ? "/v1/checkout/sessions" : "/v1/" + object + "s");
  }

  /** A page of a list, newest first, with Stripe's {@code limit} and {@code starting_after}. */
  static Map<String, Object> page(
      List<Map<String, Object>> newestFirst, Map<String, Object> p, String url) {
    long limit = p.get("limit") == null ? 10 : Params.number(p, "limit");
    if (limit < 1 || limit > 100) {
      throw StripeError.invalid("limit", "This value must be between 1 and 100.");
    }
    int from = 0;
    if (p.get("starting_after") != null) {
      from = -1;
      for (int i = 0; i < newestFirst.size(); i++) {
        if (p.get("starting_after").equals(newestFirst.get(i).get("id"))) {
          from = i + 1;
        }
      }
      if (from < 0) {
        throw StripeError.noSuch("object", (String) p.get("starting_after"), "starting_after");
      }
    }
    int to = (int) Math.min(newestFirst.size(), from + limit);
    List<Object> data = new ArrayList<>();
    for (Map<String, Object> o : newestFirst.subList(from, to)) {
      data.add(visible(o));
    }
    return list(data, to < newestFirst.size(), url);
  }

  /** Stripe's list object. */
  static Map<String, Object> list(List<Object> data, boolean hasMore, String url) {
    Map<String, Object> list = new LinkedHashMap<>();
    list.put("object", "list");
    list.put("data", data);
    list.put("has_more", hasMore);
    list.put("url", url);
    return list;
  }

  /** A copy without the simulator's own bookkeeping (keys starting with two underscores). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> visible(Map<String, Object> o) {
    return (Map<String, Object>) strip(o);
  }

  private static Object strip(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> c = new LinkedHashMap<>();
      m.forEach(
          (k, x) -> {
            if (!((String) k).startsWith("__")) {
              c.put((String) k, strip(x));
            }
          });
      return c;
    }
    if (v instanceof List<?> l) {
      List<Object> c = new ArrayList<>(l.size());
      l.forEach(x -> c.add(strip(x)));
      return c;
    }
    return v;
  }
}
