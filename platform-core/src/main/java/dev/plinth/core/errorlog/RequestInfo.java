package dev.plinth.core.errorlog;

import jakarta.enterprise.context.RequestScoped;

/** The method, path and caller of the current HTTP request, for error-log context. */
@RequestScoped
public class RequestInfo {

  private String method;
  private String path;
  private String user;

  public void set(String method, String path) {
    this.method = method;
    this.path = path;
  }

  public void user(String user) {
    this.user = user;
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
}
