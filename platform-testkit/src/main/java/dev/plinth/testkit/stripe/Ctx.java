package dev.plinth.testkit.stripe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one change to the simulator's objects runs in: the events it produced (delivered once the
 * change is done) and, for an API request, the request's id and idempotency key that its events
 * name in {@code request}.
 */
record Ctx(List<Map<String, Object>> events, String requestId, String idemKey) {

  /** A change made by a test control or the hosted pages, not by an API request. */
  static Ctx internal() {
    return new Ctx(new ArrayList<>(), null, null);
  }
}
