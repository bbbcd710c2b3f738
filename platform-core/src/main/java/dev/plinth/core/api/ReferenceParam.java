package dev.plinth.core.api;

import dev.plinth.spi.web.ApiException;

/**
 * A {@code reference} query parameter of the logs: a vertical's reference, as a checkout carries it
 * ({@code CheckoutRequest.reference()}, at most 200 characters).
 */
public final class ReferenceParam {

  /** The longest reference a checkout can carry. */
  public static final int MAX = 200;

  private ReferenceParam() {}

  /**
   * The parameter's value: null when absent or blank; 400 {@code invalid_request} when longer than
   * any checkout's reference can be. Any other value is looked up as it is, so an unknown one finds
   * nothing.
   */
  public static String of(String param) {
    if (param == null || param.isBlank()) {
      return null;
    }
    if (param.length() > MAX) {
      throw ApiException.invalid("reference", "reference must be at most " + MAX + " characters");
    }
    return param;
  }
}
