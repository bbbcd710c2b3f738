package dev.plinth.core.tenancy;

import dev.plinth.spi.TenantTransactional;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/** Implements {@link TenantTransactional} for vertical code. */
@TenantTransactional
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER)
public class TenantTransactionInterceptor {

  @Inject CurrentTenant tenant;

  @Inject ScopedTransactions transactions;

  @AroundInvoke
  Object around(InvocationContext ctx) throws Exception {
    if (!tenant.isBound()) {
      throw new NoTenantException();
    }
    return transactions.inTenant(tenant.tenantId(), tenant.verticalId(), ctx::proceed);
  }
}
