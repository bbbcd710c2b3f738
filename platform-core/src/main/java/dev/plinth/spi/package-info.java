/**
 * The contract between the Plinth core and its business verticals: the only package of the core
 * that a vertical may import (an architecture test enforces this).
 *
 * <p>A vertical gives the host a {@link dev.plinth.spi.PlinthVertical}: its id, name, Stripe event
 * handlers, root REST resource, container-managed {@code EntityManager}, and optional scheduled
 * {@link dev.plinth.spi.TenantJob jobs}, health and provisioning hooks. Its migrations live in
 * {@code db/migration/<id>/} next to a {@code flyway.location} marker. The host gives a vertical
 * the {@link dev.plinth.spi.TenantContext}, the {@link dev.plinth.spi.ErrorReporter}, the {@link
 * dev.plinth.spi.BillingService}, the {@link dev.plinth.spi.Notifications} outbox, {@link
 * dev.plinth.spi.SignedTokens signed tokens}, {@link dev.plinth.spi.RateLimits}, a {@link
 * java.time.Clock}, MicroProfile Config under the {@code <id>.} prefix, and transactions already
 * scoped to the tenant through {@link dev.plinth.spi.TenantTransactional}.
 */
package dev.plinth.spi;
