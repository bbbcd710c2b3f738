package dev.plinth.spi.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a {@link TenantArea} resource (or all of a resource's methods) that only the
 * tenant's own API key or an admin may call. The host makes the check of {@link
 * dev.plinth.spi.TenantContext#requireOwner()} (401 {@code unauthorized} otherwise) once it has
 * bound the tenant and before it reads the request body, so a caller without the key learns nothing
 * about what the body should be.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface OwnerOnly {}
