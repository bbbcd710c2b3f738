package dev.plinth.core.tenant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/**
 * A tenant business, onboarded onto one vertical. Platform data: it is read and written in the
 * platform scope, and a tenant's own transactions can see only its own row.
 *
 * <p>Lifecycle: an admin creates it {@code active}; an admin may suspend it (its customer endpoints
 * then answer 403, while its webhooks are still taken in) and reactivate it. Its Stripe secrets are
 * stored sealed (see {@link dev.plinth.core.security.SecretBox}); its API key only as a public id
 * and the SHA-256 of the secret. Rotating the API key also revokes its end users' session tokens
 * ({@link #revokeSessions}).
 */
@Entity
@Table(schema = "core", name = "tenants")
@NamedQuery(name = "Tenant.findBySlug", query = "SELECT t FROM Tenant t WHERE t.slug = :slug")
@NamedQuery(
    name = "Tenant.findByApiKeyId",
    query = "SELECT t FROM Tenant t WHERE t.apiKeyId = :apiKeyId")
public class Tenant {

  public enum Status {
    active,
    suspended
  }

  public enum StripeMode {
    direct,
    connect
  }

  @Id private UUID id;

  @Column(nullable = false, unique = true)
  private String slug;

  @Column(nullable = false)
  private String name;

  @Column(nullable = false)
  private String vertical;

  @Column(name = "owner_email", nullable = false)
  private String ownerEmail;

  @Column(nullable = false)
  private String status;

  @Column(name = "stripe_mode", nullable = false)
  private String stripeMode;

  @Column(name = "stripe_secret_key")
  private String stripeSecretKeySealed;

  @Column(name = "stripe_key_hint")
  private String stripeKeyHint;

  @Column(name = "stripe_account_id")
  private String stripeAccountId;

  @Column(name = "webhook_secret")
  private String webhookSecretSealed;

  @Column(name = "webhook_secret_previous")
  private String previousWebhookSecretSealed;

  @Column(name = "webhook_secret_rotated_at")
  private Instant webhookSecretRotatedAt;

  /** The secret of the tenant's Connect endpoint, for its connected accounts' events. */
  @Column(name = "connect_webhook_secret")
  private String connectWebhookSecretSealed;

  @Column(name = "connect_webhook_secret_previous")
  private String previousConnectWebhookSecretSealed;

  @Column(name = "connect_webhook_secret_rotated_at")
  private Instant connectWebhookSecretRotatedAt;

  /** Space-separated https origins; see {@link RedirectUrls}. */
  @Column(name = "redirect_origins", nullable = false)
  private String redirectOrigins = "";

  @Column(name = "api_key_id", nullable = false)
  private String apiKeyId;

  @Column(name = "api_key_hash", nullable = false)
  private String apiKeyHash;

  /** Bumped to revoke every end-user session token issued before; see {@code UserSessions}. */
  @Column(name = "session_epoch", nullable = false)
  private long sessionEpoch;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Version private long version;

  protected Tenant() {}

  public Tenant(
      UUID id, String slug, String name, String vertical, String ownerEmail, Instant now) {
    this.id = id;
    this.slug = slug;
    this.name = name;
    this.vertical = vertical;
    this.ownerEmail = ownerEmail;
    this.status = Status.active.name();
    this.createdAt = now;
    this.updatedAt = now;
  }

  public UUID id() {
    return id;
  }

  public String slug() {
    return slug;
  }

  public String name() {
    return name;
  }

  public String vertical() {
    return vertical;
  }

  public String ownerEmail() {
    return ownerEmail;
  }

  public Status status() {
    return Status.valueOf(status);
  }

  public boolean isSuspended() {
    return status() == Status.suspended;
  }

  public StripeMode stripeMode() {
    return StripeMode.valueOf(stripeMode);
  }

  public String stripeSecretKeySealed() {
    return stripeSecretKeySealed;
  }

  public String stripeKeyHint() {
    return stripeKeyHint;
  }

  public String stripeAccountId() {
    return stripeAccountId;
  }

  public String webhookSecretSealed() {
    return webhookSecretSealed;
  }

  public String previousWebhookSecretSealed() {
    return previousWebhookSecretSealed;
  }

  public Instant webhookSecretRotatedAt() {
    return webhookSecretRotatedAt;
  }

  public String connectWebhookSecretSealed() {
    return connectWebhookSecretSealed;
  }

  public String previousConnectWebhookSecretSealed() {
    return previousConnectWebhookSecretSealed;
  }

  public Instant connectWebhookSecretRotatedAt() {
    return connectWebhookSecretRotatedAt;
  }

  /** Where checkout may send customers back, besides the public URL: normalised https origins. */
  public java.util.List<String> redirectOrigins() {
    return redirectOrigins == null || redirectOrigins.isEmpty()
        ? java.util.List.of()
        : java.util.List.of(redirectOrigins.split(" "));
  }

  /** Replaces the redirect allow-list with origins that {@link RedirectUrls#origin} normalised. */
  public void replaceRedirectOrigins(java.util.List<String> origins, Instant now) {
    this.redirectOrigins = String.join(" ", origins);
    touch(now);
  }

  public String apiKeyId() {
    return apiKeyId;
  }

  public String apiKeyHash() {
    return apiKeyHash;
  }

  /** Revokes every end-user session token issued so far. */
  public void revokeSessions(Instant now) {
    this.sessionEpoch++;
    touch(now);
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  public void rename(String name, Instant now) {
    this.name = name;
    touch(now);
  }

  public void changeOwnerEmail(String email, Instant now) {
    this.ownerEmail = email;
    touch(now);
  }

  public void changeStatus(Status status, Instant now) {
    this.status = status.name();
    touch(now);
  }

  /** Direct mode: the tenant's own secret key, sealed, and a hint for display. */
  public void useDirectStripe(String sealedSecretKey, String keyHint, Instant now) {
    this.stripeMode = StripeMode.direct.name();
    this.stripeSecretKeySealed = sealedSecretKey;
    this.stripeKeyHint = keyHint;
    this.stripeAccountId = null;
    touch(now);
  }

  /** Connect mode: the platform key acts for this connected account. */
  public void useConnectStripe(String accountId, Instant now) {
    this.stripeMode = StripeMode.connect.name();
    this.stripeAccountId = accountId;
    this.stripeSecretKeySealed = null;
    this.stripeKeyHint = null;
    touch(now);
  }

  /** Sets a new webhook secret; the current one stays valid for a grace period. */
  public void rotateWebhookSecret(String sealedSecret, Instant now) {
    this.previousWebhookSecretSealed = this.webhookSecretSealed;
    this.webhookSecretRotatedAt = this.webhookSecretSealed == null ? null : now;
    this.webhookSecretSealed = sealedSecret;
    touch(now);
  }

  /**
   * Sets a new secret for the tenant's Connect endpoint; the current one stays valid for a grace
   * period.
   */
  public void rotateConnectWebhookSecret(String sealedSecret, Instant now) {
    this.previousConnectWebhookSecretSealed = this.connectWebhookSecretSealed;
    this.connectWebhookSecretRotatedAt = this.connectWebhookSecretSealed == null ? null : now;
    this.connectWebhookSecretSealed = sealedSecret;
    touch(now);
  }

  public void replaceApiKey(String keyId, String secretHash, Instant now) {
    this.apiKeyId = keyId;
    this.apiKeyHash = secretHash;
    touch(now);
  }

  private void touch(Instant now) {
    this.updatedAt = now;
  }
}
