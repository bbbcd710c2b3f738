package dev.plinth.core.errorlog;

import jakarta.enterprise.context.RequestScoped;

/**
 * The method, path and caller of the current HTTP request, or the webhook event being processed and
 * the vertical's reference it belongs to, for error-log context.
 */
@RequestScoped
public class RequestInfo {

  private String method;
  private String path;
  private String user;
  private String eventId;
  private String reference;

  public void set(String method, String path) {
    this.method = method;
    this.path = path;
  }

  public void user(String user) {
    this.user = user;
  }

  /** The Stripe event being processed, and its reference (null if it belongs to none). */
  public void event(String eventId, String reference) {
    this.eventId = eventId;
    this.reference = reference;
  }

  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  public String user() {
    return user;
  }

  public String eventId() {
    return eventId;
  }

  public String reference() {
    return reference;
  }
}
