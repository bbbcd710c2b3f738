package dev.plinth.testkit.stripe;

import java.util.Map;

/** Customers: created by checkout or through the API, listed by email, updated. */
final class Customers {

  private final State state;
  private final Events events;

  Customers(State state, Events events) {
    this.state = state;
    this.events = events;
  }

  void routes(Routes r) {
    r.add("POST", "/v1/customers", (m, a, p, c) -> create(a, p, c));
    r.add(
        "GET",
        "/v1/customers",
        (m, a, p, c) ->
            state.list(
                a,
                "customer",
                p,
                o -> p.get("email") == null || p.get("email").equals(o.get("email"))));
    r.add("GET", "/v1/customers/([^/]+)", (m, a, p, c) -> state.get(a, m.group(1), "customer"));
    r.add(
        "POST",
        "/v1/customers/([^/]+)",
        (m, a, p, c) -> {
          Map<String, Object> o = state.get(a, m.group(1), "customer");
          Map<String, Object> previous =
              Params.update(o, p, "email", "name", "phone", "description");
          events.emit(a, "customer.updated", o, previous, c);
          return o;
        });
  }

  /** A new customer, stored, with its {@code customer.created} event. */
  Map<String, Object> create(Account a, String email, String name, Object metadata, Ctx c) {
    Map<String, Object> o = Fixtures.of("customer");
    o.put("id", "cus_" + state.token(14));
    o.put("created", state.epoch());
    o.put("email", email);
    o.put("name", name);
    o.put("discount", null);
    o.put("currency", null);
    o.put("invoice_prefix", state.token(8).toUpperCase());
    if (metadata != null) {
      o.put("metadata", metadata);
    }
    state.store(a, o);
    events.emit(a, "customer.created", o, null, c);
    return o;
  }

  private Map<String, Object> create(Account a, Map<String, Object> p, Ctx c) {
    return create(a, (String) p.get("email"), (String) p.get("name"), p.get("metadata"), c);
  }
}
