package dev.plinth.core.tenant;

import dev.plinth.spi.web.ApiException;
import dev.plinth.spi.web.JsonBody;
import java.util.Optional;
import java.util.Set;

/**
 * A tenant's Stripe settings as given at onboarding or rotation, checked for form (there is no
 * network call here).
 *
 * @param mode direct (the tenant's own key) or connect (the platform key for a connected account)
 * @param secretKey direct mode: {@code sk_test_}, {@code sk_live_} or {@code rk_} key
 * @param accountId connect mode: {@code acct_...}
 * @param webhookSecret direct mode, optional: {@code whsec_...}
 */
public record StripeSettings(
    Tenant.StripeMode mode, String secretKey, String accountId, Optional<String> webhookSecret) {

  public static StripeSettings parse(JsonBody stripe) {
    String mode = stripe.string("mode");
    if (mode.equals("direct")) {
      stripe.allowOnly(Set.of("mode", "secretKey", "webhookSecret"));
      String key = stripe.string("secretKey");
      if (!TenantRules.SECRET_KEY.matcher(key).matches()) {
        throw ApiException.invalid(
            "stripe.secretKey",
            "stripe.secretKey must be a Stripe secret key (sk_test_..., sk_live_...) or a"
                + " restricted key (rk_...)");
      }
      Optional<String> secret =
          stripe
              .optionalString("webhookSecret")
              .map(s -> TenantRules.webhookSecret("stripe.webhookSecret", s));
      return new StripeSettings(Tenant.StripeMode.direct, key, null, secret);
    }
    if (mode.equals("connect")) {
      stripe.allowOnly(Set.of("mode", "accountId"));
      String account = stripe.string("accountId");
      if (!TenantRules.ACCOUNT_ID.matcher(account).matches()) {
        throw ApiException.invalid(
            "stripe.accountId", "stripe.accountId must be a Stripe account id (acct_...)");
      }
      return new StripeSettings(Tenant.StripeMode.connect, null, account, Optional.empty());
    }
    throw ApiException.invalid("stripe.mode", "stripe.mode must be 'direct' or 'connect'");
  }
}
