package dev.plinth.spi;

import java.time.Duration;

/**
 * Work a vertical runs on a schedule. The host runs it every {@code every}, once for each active
 * tenant onboarded onto the vertical, with that tenant bound as {@link Actor#SYSTEM}: vertical code
 * always runs with a tenant. The work opens its own transactions ({@link TenantTransactional}); a
 * failure for one tenant is recorded in the error log and the other tenants go on. An admin can run
 * a job at once with {@code POST /api/admin/jobs/{vertical}/{name}}.
 *
 * @param name lowercase letters, digits and dashes, unique within the vertical
 * @param every how often; read it from the vertical's configuration, so that it can be changed
 * @param work what to do for the bound tenant
 */
public record TenantJob(String name, Duration every, Runnable work) {

  public TenantJob {
    if (name == null || !name.matches("[a-z][a-z0-9-]{0,39}")) {
      throw new IllegalArgumentException("a job name is lowercase letters, digits and dashes");
    }
    if (every == null || every.isNegative() || every.isZero()) {
      throw new IllegalArgumentException("a job's interval must be positive");
    }
    if (work == null) {
      throw new IllegalArgumentException("a job needs its work");
    }
  }
}
