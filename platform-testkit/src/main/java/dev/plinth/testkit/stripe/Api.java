package dev.plinth.testkit.stripe;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The way of one API request: its key opens an account (or a connected account of it), a fault a
 * test asked for answers instead, an idempotent repeat replays the first answer; otherwise its
 * route answers under the lock, with {@code expand[]} applied, and the events it produced are
 * delivered. Every request is logged.
 */
final class Api {

  private final State state;
  private final Accounts accounts;
  private final Events events;
  private final Routes routes;
  private final Idempotency idempotency = new Idempotency();
  private final List<StripeSimulator.Request> requests = new CopyOnWriteArrayList<>();

  Api(State state, Accounts accounts, Events events, Routes routes) {
    this.state = state;
    this.accounts = accounts;
    this.events = events;
    this.routes = routes;
  }

  List<StripeSimulator.Request> requests() {
    return List.copyOf(requests);
  }

  /** Answers one request to {@code /v1/...}. */
  void handle(HttpExchange ex, String path) throws IOException {
    String requestId = "req_" + state.token(14);
    String method = ex.getRequestMethod();
    String body = Http.body(ex);
    String query = ex.getRequestURI().getRawQuery();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Request-Id", requestId);
    String version = ex.getRequestHeaders().getFirst("Stripe-Version");
    if (version != null) {
      headers.put("Stripe-Version", version);
    }
    String stripeAccount = ex.getRequestHeaders().getFirst("Stripe-Account");
    String idemKey = ex.getRequestHeaders().getFirst("Idempotency-Key");
    String keyAccount = null;
    int status;
    String answer;
    boolean replayed = false;
    try {
      String key = accounts.apiKey(ex.getRequestHeaders().getFirst("Authorization"));
      keyAccount = Accounts.accountOf(key);
      Map<String, Object> params =
          FormBody.parse(method.equals("GET") || method.equals("DELETE") ? query : body);
      Integer fault = accounts.fault(keyAccount, stripeAccount);
      if (fault != null && fault == 0) {
        // no answer at all: closing the exchange unanswered drops the connection
        requests.add(
            new StripeSimulator.Request(
                method, path, keyAccount, stripeAccount, idemKey, 0, false));
        return;
      }
      if (fault != null) {
        throw new StripeError(
            fault,
            fault >= 500 ? "api_error" : "invalid_request_error",
            null,
            "Simulated failure (" + fault + ")",
            null);
      }
      String fingerprint = method + " " + path + " " + Jsons.write(params);
      String slot = Idempotency.slot(method, keyAccount, stripeAccount, idemKey);
      synchronized (state.lock) {
        Idempotency.Replay earlier = idempotency.earlier(slot, fingerprint, idemKey);
        if (earlier != null) {
          status = earlier.status();
          answer = earlier.body();
          replayed = true;
          headers.put("Idempotent-Replayed", "true");
          headers.put("Original-Request", earlier.requestId());
        } else {
          Account a = accounts.resolve(keyAccount, stripeAccount, version);
          Ctx ctx = new Ctx(new ArrayList<>(), requestId, idemKey);
          Object result;
          try {
            result = routes.dispatch(a, method, path, params, ctx);
            if (result instanceof Map<?, ?> m) {
              @SuppressWarnings("unchecked")
              Map<String, Object> object = (Map<String, Object>) m;
              result = Expand.apply(a, State.visible(object), params.get("expand"));
            }
            status = 200;
            answer = Jsons.write(result);
          } catch (StripeError e) {
            status = e.status;
            answer = Jsons.write(e.body(requestId));
          }
          idempotency.remember(
              slot, new Idempotency.Replay(fingerprint, status, answer, requestId));
          events.deliver(a, ctx.events(), events.defaultDelivery());
        }
      }
    } catch (StripeError e) {
      status = e.status;
      answer = Jsons.write(e.body(requestId));
    } catch (IllegalArgumentException | ClassCastException e) {
      // a parameter of the wrong shape, such as metadata[a][b] or a bad escape
      status = 400;
      answer =
          Jsons.write(
              new StripeError(
                      400,
                      "invalid_request_error",
                      "parameter_invalid",
                      "Invalid request: " + e.getMessage(),
                      null)
                  .body(requestId));
    } catch (RuntimeException e) {
      e.printStackTrace();
      status = 500;
      answer =
          Jsons.write(
              new StripeError(500, "api_error", null, "Internal simulator error: " + e, null)
                  .body(requestId));
    }
    requests.add(
        new StripeSimulator.Request(
            method, path, keyAccount, stripeAccount, idemKey, status, replayed));
    Http.send(ex, status, "application/json", answer, headers);
  }
}
