package dev.plinth.testkit.stripe;

import java.util.LinkedHashMap;
import java.util.Map;

/** An error answered in Stripe's shape: {@code {"error":{"type","code","message","param"}}}. */
final class StripeError extends RuntimeException {

  final int status;
  final String type;
  final String code;
  final String param;

  StripeError(int status, String type, String code, String message, String param) {
    super(message);
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = param;
  }

  static StripeError invalid(String param, String message) {
    return new StripeError(400, "invalid_request_error", "parameter_invalid", message, param);
  }

  static StripeError missing(String param) {
    return new StripeError(
        400,
        "invalid_request_error",
        "parameter_missing",
        "Missing required param: " + param + ".",
        param);
  }

  /**
   * An object that is not there: 404 when it was named in the path ({@code param} "id"), 400 when a
   * parameter named it, as Stripe answers.
   */
  static StripeError noSuch(String kind, String id, String param) {
    return new StripeError(
        "id".equals(param) ? 404 : 400,
        "invalid_request_error",
        "resource_missing",
        "No such " + kind + ": '" + id + "'",
        param);
  }

  static StripeError state(String message) {
    return new StripeError(400, "invalid_request_error", null, message, null);
  }

  Map<String, Object> body(String requestId) {
    Map<String, Object> e = new LinkedHashMap<>();
    if (code != null) {
      e.put("code", code);
    }
    e.put("doc_url", "https://stripe.com/docs/error-codes" + (code == null ? "" : "/" + code));
    e.put("message", getMessage());
    if (param != null) {
      e.put("param", param);
    }
    e.put("request_log_url", "https://dashboard.stripe.com/test/logs/" + requestId);
    e.put("type", type);
    return Map.of("error", e);
  }
}
