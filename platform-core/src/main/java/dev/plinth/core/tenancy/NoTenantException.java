package dev.plinth.core.tenancy;

/** Tenant-scoped work was attempted with no tenant bound: a bug, never the caller's fault. */
public class NoTenantException extends IllegalStateException {
  public NoTenantException() {
    super("no tenant is bound to this unit of work");
  }
}
