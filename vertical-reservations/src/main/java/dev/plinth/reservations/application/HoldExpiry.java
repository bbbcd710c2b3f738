package dev.plinth.reservations.application;

import dev.plinth.spi.ErrorReporter;
import dev.plinth.spi.Severity;
import dev.plinth.spi.billing.BillingService;
import dev.plinth.spi.web.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;

/**
 * The expiry job, run for each tenant: pending holds past their time expire and free their items,
 * and their Stripe sessions are expired so that they can no longer be paid. It may race with
 * Stripe's own expiry of the session ({@code CheckoutExpired}) or with a late payment; the
 * reservation's state machine gives the same outcome either way.
 */
@ApplicationScoped
public class HoldExpiry {

  static final int BATCH = 100;

  @Inject ReservationService reservations;

  @Inject BillingService billing;

  @Inject ErrorReporter errors;

  public int run() {
    int expired = 0;
    for (UUID id : reservations.due(BATCH)) {
      Optional<String> session = reservations.expireIfDue(id);
      if (session.isPresent()) {
        expired++;
        try {
          billing.expireCheckout(session.get());
        } catch (ApiException e) {
          // paid or expired at Stripe meanwhile; its event will say which
          errors.report(
              Severity.INFO, "could not expire session " + session.get() + ": " + e.getMessage());
        }
      }
    }
    return expired;
  }
}
