package dev.plinth.core.webhook;

import dev.plinth.core.config.PlinthConfig;
import dev.plinth.core.security.PlatformSecrets;
import dev.plinth.core.tenancy.ScopedTransactions;
import dev.plinth.core.tenant.Tenant;
import dev.plinth.core.tenant.TenantService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Records verified events, once each. The insert is the whole of the work done in the request, so
 * Stripe is answered at once; processing happens later, on workers.
 */
@ApplicationScoped
public class WebhookIntake {

  @PersistenceContext(unitName = "plinth-core")
  EntityManager em;

  @Inject ScopedTransactions transactions;

  @Inject PlatformSecrets secrets;

  @Inject PlinthConfig config;

  @Inject IntakeBatcher batcher;

  @Inject Clock clock;

  @Inject
  @ConfigProperty(name = "PLINTH_WEBHOOK_SECRET_GRACE_HOURS", defaultValue = "24")
  long graceHours;

  private static final int MAX_OPENED = 10_000;

  private final Map<String, String> opened = new ConcurrentHashMap<>();

  /** What the intake did with a delivery. */
  public record Receipt(boolean duplicate, boolean routed) {}

  /**
   * The tenant's secrets that sign valid deliveries now: the current one, and the previous one for
   * the grace period after a rotation.
   */
  public List<String> activeSecrets(Tenant t) {
    return active(
        t,
        "webhook",
        t.webhookSecretSealed(),
        t.previousWebhookSecretSealed(),
        t.webhookSecretRotatedAt());
  }

  /**
   * The secrets of the tenant's own Connect endpoint (its connected accounts' events), the same
   * way: the current one, and the previous one for the grace period.
   */
  public List<String> activeConnectSecrets(Tenant t) {
    return active(
        t,
        "connect-webhook",
        t.connectWebhookSecretSealed(),
        t.previousConnectWebhookSecretSealed(),
        t.connectWebhookSecretRotatedAt());
  }

  private List<String> active(
      Tenant t, String purpose, String current, String previous, Instant rotated) {
    List<String> active = new ArrayList<>(2);
    if (current != null) {
      active.add(open(t, purpose, current));
    }
    if (previous != null
        && rotated != null
        && clock.instant().isBefore(rotated.plus(Duration.ofHours(graceHours)))) {
      active.add(open(t, purpose, previous));
    }
    return active;
  }

  /**
   * A sealed secret, opened once: opening is an AES-GCM decryption, which the profile of the intake
   * under load found in 6% of the request threads' samples when it ran for every delivery. The key
   * is the sealed value itself with its tenant and purpose, so a rotated or replaced secret (sealed
   * anew) is a new entry and never answered from an old one.
   */
  private String open(Tenant t, String purpose, String sealed) {
    String aad = TenantService.aad(t, purpose);
    String key = aad + "\n" + sealed;
    String secret = opened.get(key);
    if (secret == null) {
      secret = secrets.box().open(sealed, aad);
      if (opened.size() >= MAX_OPENED) {
        opened.clear(); // a bound, not a policy: tenants' secrets are opened again as they come
      }
      opened.put(key, secret);
    }
    return secret;
  }

  /** The platform's Connect secrets: a comma-separated list, so that a rotation can overlap. */
  public List<String> connectSecrets() {
    return config.stripeConnectWebhookSecrets();
  }

  /**
   * Records an event for its tenant; a repeat of the same event id changes nothing. Returns once
   * the row is committed, through the {@link IntakeBatcher}'s group commit.
   */
  public Receipt record(Tenant tenant, StripeEventEnvelope e, String payload, String source) {
    return record(tenant, e.head(), payload, source);
  }

  /** {@link #record(Tenant, StripeEventEnvelope, String, String)} for a delivery's fields. */
  public Receipt record(Tenant tenant, StripeEventEnvelope.Head e, String payload, String source) {
    boolean inserted =
        batcher.record(
            new IntakeBatcher.Row(
                tenant.id(), e, payload, source, Timestamp.from(clock.instant())));
    return new Receipt(!inserted, true);
  }

  /** A Connect event for an account no tenant holds: kept for admins, never dropped. */
  public Receipt recordUnroutable(StripeEventEnvelope.Head e, String payload, Tenant endpointOf) {
    List<?> inserted =
        transactions.inPlatform(
            () ->
                em.createNativeQuery(
                        "INSERT INTO core.unroutable_events (id, event_id, account, event_type,"
                            + " payload, received_at, tenant_id, source)"
                            + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, CAST(?7 AS uuid), ?8)"
                            + " ON CONFLICT ((coalesce(tenant_id,"
                            + " '00000000-0000-0000-0000-000000000000'::uuid)), account, event_id)"
                            + " DO NOTHING RETURNING id")
                    .setParameter(1, UUID.randomUUID())
                    .setParameter(2, e.id())
                    .setParameter(3, e.account().orElseThrow())
                    .setParameter(4, e.type())
                    .setParameter(5, payload)
                    .setParameter(6, Timestamp.from(clock.instant()))
                    .setParameter(7, endpointOf == null ? null : endpointOf.id().toString())
                    .setParameter(8, endpointOf == null ? "platform_connect" : "tenant_connect")
                    .getResultList());
    return new Receipt(inserted.isEmpty(), false);
  }

  /** The tenant onboarded with this connected account, a platform-scope lookup. */
  public Optional<Tenant> tenantForAccount(String accountId) {
    return transactions.inPlatform(
        () ->
            em.createQuery("SELECT t FROM Tenant t WHERE t.stripeAccountId = :a", Tenant.class)
                .setParameter("a", accountId)
                .getResultStream()
                .findFirst());
  }
}
