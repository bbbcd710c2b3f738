package dev.plinth.spi.billing;

/**
 * A checkout whose money goes to one of the tenant's connected accounts (Stripe Connect, with the
 * tenant as the platform). The account must be one bound to the tenant ({@link
 * BillingService#connectedAccount}); the host refuses any other with 400 {@code invalid_request}
 * naming {@code connectedAccountId}, before Stripe is asked.
 *
 * <ul>
 *   <li>{@link ChargeType#direct}: the session is created on the connected account itself (the
 *       {@code Stripe-Account} header). The charge, its refunds and disputes live on that account,
 *       and its events reach Plinth through the tenant's Connect endpoint. The tenant's fee, if
 *       any, is taken as {@code payment_intent_data.application_fee_amount}.
 *   <li>{@link ChargeType#destination}: the session is created on the tenant's own account with
 *       {@code payment_intent_data.transfer_data.destination} set to the connected account; the
 *       charge lives on the tenant's account, which keeps {@code applicationFeeAmount} and
 *       transfers the rest. Its events come through the tenant's ordinary endpoint.
 * </ul>
 *
 * @param accountId the connected account ({@code acct_...})
 * @param type direct or destination
 * @param applicationFeeAmount what the tenant keeps, in the checkout's currency's minor units; null
 *     or 0 for none; never more than the checkout's total
 */
public record ConnectedCharge(String accountId, ChargeType type, Long applicationFeeAmount) {

  public enum ChargeType {
    direct,
    destination
  }

  public ConnectedCharge {
    if (accountId == null || !accountId.matches("acct_[A-Za-z0-9]{1,64}")) {
      throw new IllegalArgumentException("accountId must be a Stripe account id (acct_...)");
    }
    if (type == null) {
      throw new IllegalArgumentException("type is required");
    }
    if (applicationFeeAmount != null && applicationFeeAmount < 0) {
      throw new IllegalArgumentException("applicationFeeAmount must not be negative");
    }
  }
}
