package dev.plinth.spi;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the method in a JTA transaction (joining one if present) scoped to the current tenant: the
 * vertical's {@code EntityManager} carries the tenant for EclipseLink multitenancy, and the
 * database connection carries it for row-level security. Fails with an internal error when no
 * tenant is bound. Any exception rolls a transaction that this method began back.
 */
@Inherited
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface TenantTransactional {}
