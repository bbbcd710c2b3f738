package dev.plinth.core.billing.events;

import java.util.Optional;

/**
 * What the host's own records (checkout sessions it created, payments and subscriptions it saw)
 * tell of an object's owner, for objects that carry no Plinth metadata: a charge, a dispute, an
 * invoice. Only checkouts created through the billing service count; a session some other program
 * made on the tenant's Stripe account belongs to no vertical.
 */
public interface HostRecords {

  /** The checkout session, if Plinth created it. */
  Optional<Owner> checkout(String sessionId);

  /** The checkout that took a payment, by its payment intent or else its charge. */
  Optional<Owner> payment(String paymentIntentId, String chargeId);

  /** The checkout that started a subscription, or what the host recorded of it. */
  Optional<Owner> subscription(String subscriptionId);

  /** Records that know nothing: ownership comes from metadata alone. */
  HostRecords NONE =
      new HostRecords() {
        @Override
        public Optional<Owner> checkout(String sessionId) {
          return Optional.empty();
        }

        @Override
        public Optional<Owner> payment(String paymentIntentId, String chargeId) {
          return Optional.empty();
        }

        @Override
        public Optional<Owner> subscription(String subscriptionId) {
          return Optional.empty();
        }
      };
}
