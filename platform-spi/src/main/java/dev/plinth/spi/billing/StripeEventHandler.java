package dev.plinth.spi.billing;

import dev.plinth.spi.TenantContext;

/**
 * Handles one Stripe event type for a vertical. The host calls it inside the transaction that also
 * marks the event processed, scoped to the event's tenant, after the core's own billing handlers.
 * Throwing rolls everything back and schedules a retry.
 *
 * <p>Events arrive at least once and in no order: a handler must be idempotent, and must not let an
 * older event (by {@link StripeEvent#created()}) overwrite what a newer one wrote.
 */
@FunctionalInterface
public interface StripeEventHandler {
  void handle(StripeEvent event, TenantContext tenant) throws Exception;
}
