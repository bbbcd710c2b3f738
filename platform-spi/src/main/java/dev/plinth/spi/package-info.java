/**
 * The contract between the Plinth core and its business verticals. A vertical compiles against this
 * module ({@code platform-spi}) only; an architecture test checks it too.
 *
 * <ul>
 *   <li>{@code dev.plinth.spi}: the vertical ({@link dev.plinth.spi.PlinthVertical}), the tenant
 *       and its end users ({@link dev.plinth.spi.TenantContext}, {@link dev.plinth.spi.EndUser},
 *       {@link dev.plinth.spi.UserDirectory}), actors, transactions ({@link
 *       dev.plinth.spi.TenantTransactional}), jobs, health, console panels, domain refusals, the
 *       error log, the notification outbox, signed tokens (magic links) and rate limits.
 *   <li>{@link dev.plinth.spi.billing}: checkout (with compensation), typed payment events and
 *       subscriptions.
 *   <li>{@link dev.plinth.spi.web}: request bodies and parameters, path ids and HTTP errors.
 *   <li>{@link dev.plinth.spi.persistence}: the tenant-owned entity superclass and converters.
 * </ul>
 *
 * <p>The host gives a vertical, by CDI injection: the {@code TenantContext}, {@code
 * BillingService}, {@code Notifications}, {@code ErrorReporter}, {@code SignedTokens}, {@code
 * RateLimits}, {@code UserDirectory}, a {@link java.time.Clock}, and MicroProfile Config under the
 * {@code <id>.} prefix. docs/NEW_VERTICAL.md shows a whole vertical.
 */
package dev.plinth.spi;
