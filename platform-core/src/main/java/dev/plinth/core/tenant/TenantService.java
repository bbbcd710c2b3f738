package dev.plinth.core.tenant;

import dev.plinth.core.api.ListWindow;
import dev.plinth.core.config.PlinthConfig;
import dev.plinth.core.security.AdminSessions;
import dev.plinth.core.security.ApiKeys;
import dev.plinth.core.security.PlatformSecrets;
import dev.plinth.core.tenancy.CurrentTenant;
import dev.plinth.core.tenancy.ScopedTransactions;
import dev.plinth.core.vertical.VerticalRegistry;
import dev.plinth.spi.Actor;
import dev.plinth.spi.PlinthVertical;
import dev.plinth.spi.web.ApiException;
import dev.plinth.spi.web.JsonBody;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Onboards tenants and changes them. Each change to one tenant runs in that tenant's scope, so row
 * level security admits only its row; listing all tenants is a platform-scope read.
 */
@ApplicationScoped
public class TenantService {

  static final Set<String> ONBOARDING_FIELDS =
      Set.of("slug", "name", "vertical", "ownerEmail", "stripe");

  @PersistenceContext(unitName = "plinth-core")
  EntityManager em;

  @Inject ScopedTransactions transactions;

  @Inject TenantCache cache;

  @Inject VerticalRegistry verticals;

  @Inject PlatformSecrets secrets;

  @Inject PlinthConfig config;

  @Inject CurrentTenant currentTenant;

  @Inject Clock clock;

  @Inject AdminSessions consoleSessions;

  /** A tenant and its newly issued API key, which is shown only this once. */
  public record Onboarded(Tenant tenant, String apiKey) {}

  public Onboarded onboard(JsonBody body) {
    body.allowOnly(ONBOARDING_FIELDS);
    String slug = TenantRules.slug(body.string("slug"));
    String name = TenantRules.name("name", body.string("name"));
    String verticalId = body.string("vertical");
    PlinthVertical vertical =
        verticals
            .find(verticalId)
            .orElseThrow(
                () ->
                    new ApiException(
                        400,
                        "invalid_request",
                        "unknown vertical '"
                            + verticalId
                            + "'; "
                            + (verticals.ids().isEmpty()
                                ? "no verticals are installed"
                                : "installed verticals: " + String.join(", ", verticals.ids())),
                        Map.of(
                            "field",
                            "vertical",
                            "installed",
                            Json.createArrayBuilder(List.copyOf(verticals.ids())).build())));
    String ownerEmail = TenantRules.email("ownerEmail", body.string("ownerEmail"));
    StripeSettings stripe = StripeSettings.parse(body.object("stripe"));

    UUID id = UUID.randomUUID();
    ApiKeys.Issued key = ApiKeys.issue();
    try {
      Tenant tenant =
          transactions.inTenant(
              id,
              vertical.id(),
              () -> {
                Tenant t = new Tenant(id, slug, name, vertical.id(), ownerEmail, clock.instant());
                applyStripe(t, stripe);
                t.replaceApiKey(key.id(), key.secretHash(), clock.instant());
                em.persist(t);
                em.flush();
                currentTenant.bind(id, slug, vertical.id(), ownerEmail, Actor.SYSTEM);
                vertical.onTenantProvisioned(currentTenant);
                return t;
              });
      return new Onboarded(tenant, key.key());
    } catch (RuntimeException e) {
      throw translateConflict(e);
    }
  }

  /** How many tenants {@link #forEach} reads in one transaction. */
  static final int PAGE = 500;

  /**
   * Runs {@code action} for every tenant, or every tenant of one vertical, however many there are.
   * Tenants are read a page at a time in id order (keyset pagination), each page in a short
   * platform-scope transaction of its own, and {@code action} runs outside it, so that it can open
   * the tenant's own transaction. A tenant onboarded meanwhile may or may not be reached.
   *
   * @param vertical a vertical's id, or null for all tenants
   * @return how many tenants {@code action} ran for
   */
  public int forEach(String vertical, Consumer<Tenant> action) {
    int count = 0;
    UUID after = null;
    List<Tenant> page;
    do {
      page = pageById(vertical, after);
      for (Tenant t : page) {
        action.accept(t);
        count++;
      }
      after = page.isEmpty() ? null : page.get(page.size() - 1).id();
    } while (page.size() == PAGE);
    return count;
  }

  @SuppressWarnings("unchecked")
  private List<Tenant> pageById(String vertical, UUID after) {
    String sql =
        "SELECT * FROM core.tenants WHERE id > ?1"
            + (vertical == null ? "" : " AND vertical = ?3")
            + " ORDER BY id LIMIT ?2";
    return transactions.inPlatform(
        () -> {
          Query q =
              em.createNativeQuery(sql, Tenant.class)
                  .setParameter(1, after == null ? new UUID(0, 0) : after)
                  .setParameter(2, PAGE);
          if (vertical != null) {
            q.setParameter(3, vertical);
          }
          return q.getResultList();
        });
  }

  /** One page of the admins' tenant list, newest first, and the cursor of the next if any. */
  public record Page(List<Tenant> tenants, Optional<UUID> next) {}

  /**
   * Tenants newest first, {@code limit} at a time; {@code after} is the id of the last tenant of
   * the previous page (null for the first page).
   */
  public Page page(UUID after, int limit) {
    if (limit < 1 || limit > 500) {
      throw ApiException.invalid("limit", "limit must be between 1 and 500");
    }
    return transactions.inPlatform(
        () -> {
          Query q;
          if (after == null) {
            q =
                em.createNativeQuery(
                    "SELECT * FROM core.tenants ORDER BY created_at DESC, id DESC LIMIT ?1",
                    Tenant.class);
          } else {
            Tenant last = em.find(Tenant.class, after);
            if (last == null) {
              throw badCursor();
            }
            q =
                em.createNativeQuery(
                        "SELECT * FROM core.tenants WHERE (created_at, id) < (?2, ?3)"
                            + " ORDER BY created_at DESC, id DESC LIMIT ?1",
                        Tenant.class)
                    .setParameter(2, Timestamp.from(last.createdAt()))
                    .setParameter(3, last.id());
          }
          @SuppressWarnings("unchecked")
          List<Tenant> rows = q.setParameter(1, limit + 1).getResultList();
          if (rows.size() <= limit) {
            return new Page(rows, Optional.empty());
          }
          List<Tenant> shown = rows.subList(0, limit);
          return new Page(List.copyOf(shown), Optional.of(shown.get(limit - 1).id()));
        });
  }

  /**
   * A page of the admins' tenant search, newest first (by creation, then id), paged by {@code
   * window}: the tenants whose slug or name holds {@code q} (in any case; null for all) and that
   * have {@code status} (null for any).
   */
  @SuppressWarnings("unchecked")
  public List<Tenant> search(String q, Tenant.Status status, int limit, ListWindow window) {
    StringBuilder sql = new StringBuilder("SELECT * FROM core.tenants WHERE 1 = 1");
    List<Object> params = new ArrayList<>();
    if (q != null) {
      params.add(q);
      sql.append(" AND (strpos(lower(slug), lower(?")
          .append(params.size())
          .append(")) > 0 OR strpos(lower(name), lower(?")
          .append(params.size())
          .append(")) > 0)");
    }
    if (status != null) {
      params.add(status.name());
      sql.append(" AND status = ?").append(params.size());
    }
    window.appendConditions(sql, params, "created_at", "id");
    ListWindow.appendOrder(sql, params, "created_at", "id", limit);
    return transactions.inPlatform(
        () -> {
          Query query = em.createNativeQuery(sql.toString(), Tenant.class);
          for (int i = 0; i < params.size(); i++) {
            query.setParameter(i + 1, params.get(i));
          }
          return query.getResultList();
        });
  }

  static ApiException badCursor() {
    return ApiException.invalid("after", "after must be the id of a tenant, from a page's next");
  }

  /** The slugs of the given tenants, by id; unknown ids are left out. */
  public Map<UUID, String> slugs(Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    return transactions.inPlatform(
        () -> {
          Map<UUID, String> out = new HashMap<>();
          for (Object[] r :
              em.createQuery("SELECT t.id, t.slug FROM Tenant t WHERE t.id IN :ids", Object[].class)
                  .setParameter("ids", List.copyOf(ids))
                  .getResultList()) {
            out.put((UUID) r[0], (String) r[1]);
          }
          return out;
        });
  }

  /** A tenant by id, read in its own scope. */
  public Tenant byId(UUID id) {
    return transactions.inTenant(
        id,
        null,
        () -> {
          Tenant t = em.find(Tenant.class, id);
          if (t == null) {
            throw ApiException.notFound("no such tenant");
          }
          return t;
        });
  }

  /** Admin changes: name, owner email, status. */
  public Tenant patch(Tenant tenant, JsonBody body) {
    body.allowOnly(Set.of("name", "ownerEmail", "status"));
    if (body.json().isEmpty()) {
      throw ApiException.invalid("name", "nothing to change: give name, ownerEmail or status");
    }
    var name = body.optionalString("name").map(n -> TenantRules.name("name", n));
    var email = body.optionalString("ownerEmail").map(e -> TenantRules.email("ownerEmail", e));
    var status =
        body.optionalString("status")
            .map(
                s -> {
                  try {
                    return Tenant.Status.valueOf(s);
                  } catch (IllegalArgumentException e) {
                    throw ApiException.invalid("status", "status must be 'active' or 'suspended'");
                  }
                });
    return change(
        tenant,
        t -> {
          name.ifPresent(n -> t.rename(n, clock.instant()));
          email.ifPresent(e -> t.changeOwnerEmail(e, clock.instant()));
          status.ifPresent(s -> t.changeStatus(s, clock.instant()));
        });
  }

  /**
   * Suspends or resumes the tenant, as {@link #patch} with a status does; a tenant that already has
   * that status is left as it is, so that asking twice changes nothing.
   */
  public Tenant changeStatus(Tenant tenant, Tenant.Status status) {
    return change(
        tenant,
        t -> {
          if (t.status() != status) {
            t.changeStatus(status, clock.instant());
          }
        });
  }

  public Tenant replaceStripe(Tenant tenant, StripeSettings stripe) {
    try {
      return change(tenant, t -> applyStripe(t, stripe));
    } catch (RuntimeException e) {
      throw translateConflict(e);
    }
  }

  /**
   * Replaces the origins that checkout may send the tenant's customers back to: {@code
   * {"origins":["https://..."]}}, each an https origin, at most {@link RedirectUrls#MAX_ORIGINS}.
   */
  public Tenant replaceRedirectOrigins(Tenant tenant, JsonBody body) {
    body.allowOnly(Set.of(RedirectUrls.ORIGINS_FIELD));
    if (!(body.json().get(RedirectUrls.ORIGINS_FIELD) instanceof JsonArray array)) {
      throw ApiException.invalid(
          RedirectUrls.ORIGINS_FIELD,
          "origins must be an array of https origins (it may be empty)");
    }
    if (array.size() > RedirectUrls.MAX_ORIGINS) {
      throw ApiException.invalid(
          RedirectUrls.ORIGINS_FIELD,
          "origins may list at most " + RedirectUrls.MAX_ORIGINS + " origins");
    }
    List<String> origins =
        array.stream()
            .map(
                v -> {
                  if (!(v instanceof JsonString s)) {
                    throw ApiException.invalid(
                        RedirectUrls.ORIGINS_FIELD, "each of origins must be a string");
                  }
                  return RedirectUrls.origin(s.getString());
                })
            .distinct()
            .toList();
    return change(tenant, t -> t.replaceRedirectOrigins(origins, clock.instant()));
  }

  public Tenant rotateWebhookSecret(Tenant tenant, JsonBody body) {
    body.allowOnly(Set.of("webhookSecret"));
    String secret = TenantRules.webhookSecret("webhookSecret", body.string("webhookSecret"));
    return change(
        tenant,
        t -> t.rotateWebhookSecret(secrets.box().seal(secret, aad(t, "webhook")), clock.instant()));
  }

  /** Stores the secret Stripe gave the tenant's Connect endpoint (sealed, as the other one). */
  public Tenant rotateConnectWebhookSecret(Tenant tenant, String secret) {
    TenantRules.webhookSecret("secret", secret);
    return change(
        tenant,
        t ->
            t.rotateConnectWebhookSecret(
                secrets.box().seal(secret, aad(t, "connect-webhook")), clock.instant()));
  }

  /**
   * Issues a new API key; the old one stops working at once, and so do the session tokens of the
   * tenant's end users and the tenant's console sessions, which the old key may have opened. The
   * console sessions end right after the key is replaced (the platform-scope table takes its own
   * transaction), so that the old key can open no new one meanwhile.
   */
  public String rotateApiKey(Tenant tenant) {
    ApiKeys.Issued key = ApiKeys.issue();
    change(
        tenant,
        t -> {
          t.replaceApiKey(key.id(), key.secretHash(), clock.instant());
          t.revokeSessions(clock.instant());
        });
    consoleSessions.revokeTenant(tenant.id());
    return key.key();
  }

  /** Revokes every session token of the tenant's end users (they can ask for new ones). */
  public Tenant revokeUserSessions(Tenant tenant) {
    return change(tenant, t -> t.revokeSessions(clock.instant()));
  }

  /** The AES-GCM associated data that ties a sealed secret to its tenant and purpose. */
  public static String aad(Tenant t, String purpose) {
    return t.id() + ":" + purpose;
  }

  private void applyStripe(Tenant t, StripeSettings stripe) {
    if (stripe.mode() == Tenant.StripeMode.direct) {
      t.useDirectStripe(
          secrets.box().seal(stripe.secretKey(), aad(t, "stripe-key")),
          TenantRules.keyHint(stripe.secretKey()),
          clock.instant());
      stripe
          .webhookSecret()
          .ifPresent(
              s ->
                  t.rotateWebhookSecret(secrets.box().seal(s, aad(t, "webhook")), clock.instant()));
    } else {
      t.useConnectStripe(stripe.accountId(), clock.instant());
    }
  }

  private Tenant change(Tenant tenant, java.util.function.Consumer<Tenant> change) {
    try {
      return transactions.inTenant(
          tenant.id(),
          tenant.vertical(),
          () -> {
            Tenant managed = em.find(Tenant.class, tenant.id());
            if (managed == null) {
              throw ApiException.notFound("no tenant '" + tenant.slug() + "'");
            }
            change.accept(managed);
            em.flush();
            return managed;
          });
    } finally {
      // after the commit, so that no reader caches the old tenant again meanwhile
      cache.evict(tenant.slug());
    }
  }

  private static RuntimeException translateConflict(RuntimeException e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
        String msg = String.valueOf(sql.getMessage());
        if (msg.contains("slug")) {
          return ApiException.conflict("slug_taken", "that slug is taken");
        }
        if (msg.contains("stripe_account_id")) {
          return ApiException.conflict(
              "stripe_account_taken", "another tenant is onboarded with that Stripe account");
        }
        return ApiException.conflict("conflict", "a tenant with those values exists");
      }
    }
    return e;
  }
}
