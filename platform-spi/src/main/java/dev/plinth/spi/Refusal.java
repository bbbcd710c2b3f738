package dev.plinth.spi;

import java.util.Map;

/**
 * A business rule said no: what a vertical's domain and repositories throw, in the domain's words
 * ({@code item_unavailable}, "no reservation r-1"). The host maps it to HTTP in one place: {@link
 * Kind#NOT_FOUND} to 404, {@link Kind#INVALID} to 400 {@code invalid_request} with its {@code
 * field}, {@link Kind#CONFLICT} to 409, as {@code {"error": code, "message": ..., ...details}}.
 * Thrown in a transaction, it rolls it back.
 */
public class Refusal extends RuntimeException {

  /** What kind of no. */
  public enum Kind {
    /** The thing named does not exist for this tenant (or this caller may not know it does). */
    NOT_FOUND,
    /** The request is malformed or breaks a rule about one field. */
    INVALID,
    /** The thing is in a state that does not allow it (sold, already paid, expired). */
    CONFLICT
  }

  private final Kind kind;
  private final String code;
  private final Map<String, Object> details;

  public Refusal(Kind kind, String code, String message, Map<String, Object> details) {
    super(message, null, false, false);
    this.kind = kind;
    this.code = code;
    this.details = Map.copyOf(details);
  }

  /** Nothing called {@code what} exists here: 404 {@code not_found}. */
  public static Refusal notFound(String what) {
    return new Refusal(Kind.NOT_FOUND, "not_found", "no " + what, Map.of());
  }

  /** The value of {@code field} breaks a rule: 400 {@code invalid_request}. */
  public static Refusal invalid(String field, String message) {
    return new Refusal(Kind.INVALID, "invalid_request", message, Map.of("field", field));
  }

  /** A state that does not allow it: 409 with the domain's {@code code}. */
  public static Refusal conflict(String code, String message) {
    return new Refusal(Kind.CONFLICT, code, message, Map.of());
  }

  public Kind kind() {
    return kind;
  }

  public String code() {
    return code;
  }

  public Map<String, Object> details() {
    return details;
  }
}
