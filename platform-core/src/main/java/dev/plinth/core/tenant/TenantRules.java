package dev.plinth.core.tenant;

import dev.plinth.spi.web.ApiException;
import java.util.Set;
import java.util.regex.Pattern;

/** What a tenant's slug, email and Stripe settings must look like. */
public final class TenantRules {

  static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");

  /** Words that name, or might one day name, the platform's own paths. */
  static final Set<String> RESERVED_SLUGS =
      Set.of(
          "connect",
          "admin",
          "api",
          "health",
          "openapi",
          "tenants",
          "verticals",
          "webhooks",
          "stripe",
          "static",
          "assets",
          "www",
          "app",
          "plinth",
          "platform",
          "system",
          "root",
          "login",
          "logout",
          "signup",
          "status",
          "metrics",
          "docs",
          "help",
          "support",
          "new");

  private static final Pattern EMAIL =
      Pattern.compile(
          "[^@\\s]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9-]{1,63})+");
  static final Pattern SECRET_KEY = Pattern.compile("(sk|rk)_(test|live)_[A-Za-z0-9]{8,247}");
  static final Pattern WEBHOOK_SECRET = Pattern.compile("whsec_[A-Za-z0-9+/=_-]{8,250}");
  static final Pattern ACCOUNT_ID = Pattern.compile("acct_[A-Za-z0-9]{6,250}");

  private TenantRules() {}

  public static String slug(String slug) {
    if (slug.length() < 3 || slug.length() > 63) {
      throw ApiException.invalid("slug", "slug must be 3 to 63 characters");
    }
    if (!SLUG.matcher(slug).matches()) {
      throw ApiException.invalid(
          "slug",
          "slug may hold lowercase letters, digits and hyphens, and must start and end with a"
              + " letter or digit");
    }
    if (RESERVED_SLUGS.contains(slug)) {
      throw ApiException.invalid("slug", "slug '" + slug + "' is reserved");
    }
    return slug;
  }

  public static String email(String field, String email) {
    if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
      throw ApiException.invalid(field, field + " must be an email address");
    }
    return email;
  }

  public static String name(String field, String name) {
    if (name.length() > 200) {
      throw ApiException.invalid(field, field + " must be at most 200 characters");
    }
    return name;
  }

  public static String webhookSecret(String field, String secret) {
    if (!WEBHOOK_SECRET.matcher(secret).matches()) {
      throw ApiException.invalid(field, field + " must be a Stripe webhook secret (whsec_...)");
    }
    return secret;
  }

  /** Shows the kind and last four characters of a key, never more. */
  static String keyHint(String key) {
    int cut = key.indexOf('_', key.indexOf('_') + 1);
    return key.substring(0, cut + 1) + "..." + key.substring(key.length() - 4);
  }
}
