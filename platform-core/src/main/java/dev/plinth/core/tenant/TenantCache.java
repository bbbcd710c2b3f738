package dev.plinth.core.tenant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Tenants by slug, kept for a few seconds ({@code PLINTH_TENANT_CACHE_SECONDS}, default 5; 0 turns
 * it off). Every request under {@code /api/t/{slug}} and every webhook delivery looks its tenant up
 * by slug, and without the cache that was a platform-scope transaction of its own each time. A
 * change made through this instance evicts the entry at once; another instance sees it within the
 * time-to-live. Only tenants that exist are kept, so a tenant just onboarded is never refused. The
 * cached {@link Tenant} is detached and never changed: changes load their own copy.
 */
@ApplicationScoped
public class TenantCache {

  @Inject
  @ConfigProperty(name = "PLINTH_TENANT_CACHE_SECONDS", defaultValue = "5")
  int ttlSeconds;

  private final Map<String, Entry> bySlug = new ConcurrentHashMap<>();

  private record Entry(Tenant tenant, long until) {}

  /** The cached tenant, or what {@code load} finds (kept if it exists). */
  public Optional<Tenant> bySlug(String slug, Supplier<Optional<Tenant>> load) {
    if (ttlSeconds <= 0) {
      return load.get();
    }
    long now = System.nanoTime();
    Entry e = bySlug.get(slug);
    if (e != null && now - e.until() < 0) {
      return Optional.of(e.tenant());
    }
    Optional<Tenant> loaded = load.get();
    if (loaded.isPresent()) {
      if (bySlug.size() > 10_000) {
        bySlug.values().removeIf(x -> now - x.until() >= 0);
      }
      bySlug.put(slug, new Entry(loaded.get(), now + ttlSeconds * 1_000_000_000L));
    } else {
      bySlug.remove(slug);
    }
    return loaded;
  }

  /** Forgets a tenant that just changed. */
  public void evict(String slug) {
    bySlug.remove(slug);
  }
}
