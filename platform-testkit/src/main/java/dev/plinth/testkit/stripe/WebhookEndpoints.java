package dev.plinth.testkit.stripe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Webhook endpoints and their signing secrets, which may be rolled. */
final class WebhookEndpoints {

  private final State state;

  WebhookEndpoints(State state) {
    this.state = state;
  }

  void routes(Routes r) {
    r.add("POST", "/v1/webhook_endpoints", (m, a, p, c) -> create(a, p));
    r.add(
        "GET",
        "/v1/webhook_endpoints",
        (m, a, p, c) ->
            State.page(
                a.endpoints.values().stream().map(e -> withoutSecret(e.object)).toList(),
                p,
                "/v1/webhook_endpoints"));
    r.add(
        "GET",
        "/v1/webhook_endpoints/([^/]+)",
        (m, a, p, c) -> withoutSecret(state.get(a, m.group(1), "webhook_endpoint")));
    r.add(
        "DELETE",
        "/v1/webhook_endpoints/([^/]+)",
        (m, a, p, c) -> {
          Map<String, Object> e = state.get(a, m.group(1), "webhook_endpoint");
          a.endpoints.remove((String) e.get("id"));
          a.objects.remove((String) e.get("id"));
          state.ownerOf.remove((String) e.get("id"));
          return Map.of("id", e.get("id"), "object", "webhook_endpoint", "deleted", true);
        });
  }

  /** Registers an endpoint with a secret of the caller's choosing, for every event. */
  String add(String apiKey, String url, String secret, boolean connect) {
    synchronized (state.lock) {
      Account a = state.account(Accounts.accountOf(apiKey));
      Map<String, Object> e = object(url, List.of("*"), connect, null);
      a.endpoints.put((String) e.get("id"), new Account.Endpoint(e, secret));
      state.own(a, (String) e.get("id"));
      return (String) e.get("id");
    }
  }

  /** A new secret signs deliveries beside the old ones until {@link #dropOldSecrets}. */
  String rollSecret(String endpointId) {
    synchronized (state.lock) {
      Account.Endpoint e = endpoint(endpointId);
      String secret = newSecret();
      e.secrets.add(0, secret);
      return secret;
    }
  }

  void dropOldSecrets(String endpointId) {
    synchronized (state.lock) {
      Account.Endpoint e = endpoint(endpointId);
      e.secrets.subList(1, e.secrets.size()).clear();
    }
  }

  private Account.Endpoint endpoint(String id) {
    Account a = state.ownerOf.get(id);
    if (a == null || !a.endpoints.containsKey(id)) {
      throw new IllegalArgumentException("no webhook endpoint " + id);
    }
    return a.endpoints.get(id);
  }

  private String newSecret() {
    return "whsec_" + state.token(32);
  }

  private Map<String, Object> create(Account a, Map<String, Object> p) {
    String url = Params.required(p, "url");
    Params.url(url, "url");
    Object enabled = p.get("enabled_events");
    if (!(enabled instanceof List<?> list) || list.isEmpty()) {
      throw StripeError.missing("enabled_events");
    }
    Map<String, Object> e =
        object(
            url, new ArrayList<>(list), Params.bool(p, "connect"), (String) p.get("description"));
    String secret = newSecret();
    a.endpoints.put((String) e.get("id"), new Account.Endpoint(e, secret));
    state.store(a, e);
    Map<String, Object> answer = Jsons.copy(e);
    answer.put("secret", secret);
    return answer;
  }

  private Map<String, Object> object(
      String url, List<Object> enabled, boolean connect, String description) {
    Map<String, Object> e = Fixtures.of("webhook_endpoint");
    e.put("id", "we_1" + state.token(24));
    e.put("created", state.epoch());
    e.put("url", url);
    e.put("enabled_events", enabled);
    e.put("description", description);
    e.put("status", "enabled");
    e.put("connect", connect);
    return e;
  }

  private static Map<String, Object> withoutSecret(Map<String, Object> e) {
    Map<String, Object> c = Jsons.copy(e);
    c.remove("secret");
    return c;
  }
}
