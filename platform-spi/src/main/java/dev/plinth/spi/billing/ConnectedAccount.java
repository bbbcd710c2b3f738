package dev.plinth.spi.billing;

import java.time.Instant;

/**
 * A Stripe account connected to the tenant's own (the tenant being the Connect platform), bound to
 * the tenant by an admin or through the tenant's onboarding flow. An account is bound to one tenant
 * at most.
 *
 * @param id the account ({@code acct_...})
 * @param chargesEnabled whether Stripe last reported that it can take charges
 * @param boundAt when it was bound to the tenant
 */
public record ConnectedAccount(String id, boolean chargesEnabled, Instant boundAt) {}
