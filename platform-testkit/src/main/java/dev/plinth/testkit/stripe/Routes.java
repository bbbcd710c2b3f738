package dev.plinth.testkit.stripe;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The API's routes: a path pattern and a method lead to a handler. */
final class Routes {

  /** Answers one API request, in the account it acts on, under the simulator's lock. */
  interface Handler {
    Object handle(Matcher path, Account a, Map<String, Object> params, Ctx ctx);
  }

  private final Map<Pattern, Map<String, Handler>> routes = new LinkedHashMap<>();

  /** {@code GET path/{id}} reads one object of the kind; {@code GET path} lists them. */
  void readable(State state, String path, String object) {
    add("GET", path, (m, a, p, c) -> state.list(a, object, p, null));
    add("GET", path + "/([^/]+)", (m, a, p, c) -> state.get(a, m.group(1), object));
  }

  /** Adds a route; the path is a regular expression whose groups the handler reads. */
  void add(String method, String path, Handler h) {
    routes.computeIfAbsent(Pattern.compile(path), k -> new LinkedHashMap<>()).put(method, h);
  }

  Object dispatch(Account a, String method, String path, Map<String, Object> params, Ctx ctx) {
    for (Map.Entry<Pattern, Map<String, Handler>> e : routes.entrySet()) {
      Matcher m = e.getKey().matcher(path);
      if (m.matches()) {
        Handler h = e.getValue().get(method);
        if (h != null) {
          return h.handle(m, a, params, ctx);
        }
      }
    }
    throw new StripeError(
        404,
        "invalid_request_error",
        null,
        "Unrecognized request URL (" + method + ": " + path + ").",
        null);
  }
}
