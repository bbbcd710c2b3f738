package dev.plinth.spi.web;

import java.util.Map;

/**
 * An error with a status and a code from the public contract. The host turns it into {@code
 * {"error": code, "message": message, ...details}}.
 */
public class ApiException extends RuntimeException {

  private final int status;
  private final String code;
  private final Map<String, Object> details;
  private final String publicMessage;

  public ApiException(int status, String code, String message, Map<String, Object> details) {
    this(status, code, message, details, null);
  }

  /**
   * An error whose {@code message} is for the tenant and admins only (it may describe the tenant's
   * own accounts, such as a payment provider's words); anyone else gets {@code publicMessage}, and
   * of the details only an {@code errorId}.
   */
  public ApiException(
      int status, String code, String message, Map<String, Object> details, String publicMessage) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.details = Map.copyOf(details);
    this.publicMessage = publicMessage;
  }

  public ApiException(int status, String code, String message) {
    this(status, code, message, Map.of());
  }

  /** 400 {@code invalid_request}, naming the first bad field by its JSON name. */
  public static ApiException invalid(String field, String message) {
    return new ApiException(400, "invalid_request", message, Map.of("field", field));
  }

  public static ApiException unauthorized(String message) {
    return new ApiException(401, "unauthorized", message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message);
  }

  /** 409 with a specific code, such as {@code item_unavailable}. */
  public static ApiException conflict(String code, String message) {
    return new ApiException(409, code, message);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public Map<String, Object> details() {
    return details;
  }

  /** What a caller other than the tenant or an admin is told; empty when the message is public. */
  public java.util.Optional<String> publicMessage() {
    return java.util.Optional.ofNullable(publicMessage);
  }
}
