package dev.plinth.core.api;

import dev.plinth.core.db.DatabaseErrors;
import dev.plinth.core.errorlog.Category;
import dev.plinth.core.errorlog.ErrorLog;
import dev.plinth.core.security.Caller;
import dev.plinth.spi.Refusal;
import dev.plinth.spi.Severity;
import dev.plinth.spi.web.ApiException;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.bind.JsonbException;
import jakarta.json.stream.JsonParsingException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/**
 * Turns every failure into the contract's JSON error. Bad input gets its 4xx code; a database that
 * cannot be reached gets 503; Stripe's own error text reaches only admin and tenant callers
 * (anonymous customers get a generic message and the error-log id); anything else is recorded in
 * the error log and answered 500 with the entry's id. A stack trace is never sent.
 */
@Provider
public class ApiExceptionMapper implements ExceptionMapper<Throwable> {

  @Inject ErrorLog errorLog;

  @Inject Caller caller;

  @Override
  public Response toResponse(Throwable e) {
    ApiException api = find(e, ApiException.class);
    if (api != null
        && api.publicMessage().isPresent()
        && !(caller.isAdmin() || caller.isTenant())) {
      return json(
          api.status(),
          api.code(),
          api.publicMessage().get(),
          api.details().containsKey("errorId")
              ? Map.of("errorId", api.details().get("errorId"))
              : Map.of());
    }
    if (api != null) {
      return json(api.status(), api.code(), api.getMessage(), api.details());
    }
    Refusal refusal = find(e, Refusal.class);
    if (refusal != null) {
      int status =
          switch (refusal.kind()) {
            case NOT_FOUND -> 404;
            case INVALID -> 400;
            case CONFLICT -> 409;
          };
      return json(status, refusal.code(), refusal.getMessage(), refusal.details());
    }
    if (find(e, JsonParsingException.class) != null || find(e, JsonbException.class) != null) {
      return json(400, "malformed_json", "the request body is not valid JSON", Map.of());
    }
    if (e instanceof NotFoundException) {
      return json(404, "not_found", "no such resource", Map.of());
    }
    if (e instanceof NotAllowedException) {
      return json(405, "method_not_allowed", "that method is not allowed here", Map.of());
    }
    if (e instanceof NotSupportedException) {
      return json(
          415, "unsupported_media_type", "send the request body as application/json", Map.of());
    }
    if (e instanceof ConstraintViolationException cve) {
      var v = cve.getConstraintViolations().stream().findFirst();
      String field = v.map(x -> lastNode(x.getPropertyPath().toString())).orElse("body");
      String message = v.map(x -> field + " " + x.getMessage()).orElse("invalid request");
      return json(400, "invalid_request", message, Map.of("field", field));
    }
    if (e instanceof WebApplicationException wae && wae.getResponse().getStatus() < 500) {
      int status = wae.getResponse().getStatus();
      return json(
          status,
          codeFor(status),
          Response.Status.fromStatusCode(status) == null
              ? "request failed"
              : Response.Status.fromStatusCode(status).getReasonPhrase(),
          Map.of());
    }
    if (e instanceof ProcessingException && e.getCause() instanceof JsonbException) {
      return json(400, "malformed_json", "the request body is not valid JSON", Map.of());
    }
    if (DatabaseErrors.isUnavailable(e)) {
      errorLog.record(
          Severity.HIGH,
          Category.database,
          "database unavailable: " + DatabaseErrors.describe(e),
          null);
      return json(
          503, "unavailable", "the database cannot be reached; try again shortly", Map.of());
    }
    String errorId = errorLog.record(Severity.ERROR, Category.api, e.getMessage(), e);
    return json(
        500,
        "internal_error",
        "something went wrong; an admin can find it in the error log",
        Map.of("errorId", errorId));
  }

  static Response json(int status, String code, String message, Map<String, Object> details) {
    JsonObjectBuilder body = Json.createObjectBuilder().add("error", code).add("message", message);
    details.forEach(
        (k, v) -> {
          if (v instanceof JsonValue jv) {
            body.add(k, jv);
          } else if (v instanceof Number n) {
            body.add(k, n.longValue());
          } else {
            body.add(k, String.valueOf(v));
          }
        });
    Response.ResponseBuilder r =
        Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body.build());
    if (status == 429 && details.containsKey("retryAfter")) {
      r.header("Retry-After", details.get("retryAfter"));
    }
    return r.build();
  }

  private static String codeFor(int status) {
    return switch (status) {
      case 400 -> "invalid_request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 406 -> "not_acceptable";
      case 409 -> "conflict";
      case 413 -> "payload_too_large";
      case 415 -> "unsupported_media_type";
      case 429 -> "rate_limited";
      default -> "request_failed";
    };
  }

  private static String lastNode(String path) {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? path : path.substring(dot + 1);
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }
}
