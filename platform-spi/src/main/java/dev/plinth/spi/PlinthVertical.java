package dev.plinth.spi;

import dev.plinth.spi.billing.PaymentListener;
import dev.plinth.spi.billing.StripeEventHandler;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A business vertical, discovered by the host as a CDI bean. Its {@link #id()} drives everything
 * else: its HTTP path {@code /api/t/{slug}/<id>/...}, its persistence unit and PostgreSQL schema
 * {@code <id>}, its migrations in {@code db/migration/<id>/}, its pages' names, and its
 * configuration prefix {@code <id>.}. A vertical keeps the id in one constant ({@code public static
 * final String ID = "tipjar"}) and names everything from it.
 *
 * <p>The host refuses to start when two installed verticals share an id.
 */
public interface PlinthVertical {

  /** Lowercase letters, digits and underscores; starts with a letter; at most 30 characters. */
  Pattern ID_PATTERN = Pattern.compile("[a-z][a-z0-9_]{1,29}");

  /** The module id. */
  String id();

  /** A human name, such as "Reservations". */
  String name();

  /**
   * The vertical's container-managed {@code EntityManager} for its own persistence unit. The host
   * scopes it to the tenant at the start of every {@link TenantTransactional} transaction; the
   * vertical never sets a tenant itself. Null for a vertical that keeps no data.
   */
  EntityManager entityManager();

  /**
   * The class of the vertical's REST resource, a CDI bean annotated {@code @Path(TenantArea.PATH +
   * ID)} and {@link dev.plinth.spi.web.TenantArea @TenantArea}, so that it is served at {@code
   * /api/t/{slug}/<id>}, is described in {@code /openapi}, and runs only once the host has resolved
   * the tenant, checked that it is onboarded onto this vertical, and bound it. The host refuses to
   * start when the class is not annotated so, and finds the vertical of a request by this class.
   * Null for a vertical without an HTTP API.
   */
  default Class<?> rootResource() {
    return null;
  }

  /**
   * The vertical's listener for payment events: the host reads Stripe's events, keeps only those of
   * this vertical's checkouts and subscriptions, and calls the listener's methods with typed
   * events. Null for a vertical that takes no payments. See {@link PaymentListener} for what is
   * guaranteed.
   */
  default PaymentListener payments() {
    return null;
  }

  /**
   * Raw Stripe event types this vertical handles, each with its handler, for types that no {@link
   * PaymentListener} method covers. Most verticals need none.
   */
  default Map<String, StripeEventHandler> eventHandlers() {
    return Map.of();
  }

  /** Runs once, in the onboarding transaction, when a tenant is provisioned onto this vertical. */
  default void onTenantProvisioned(TenantContext tenant) {}

  /**
   * The vertical's web pages, served by the host at {@code /t/{slug}} (the page named {@code ""})
   * and {@code /t/{slug}/<name>} for tenants of this vertical: page name to the classpath resource
   * of a self-contained HTML file in the vertical's jar. A file that does not start with {@code
   * <!doctype} starts with its {@code <title>}: the host puts the doctype, language, character set,
   * viewport and the shared style sheet ({@code /assets/plinth.css}) before it. The host fills in
   * {@code {{siteHeader}}} (the tenant's name, linking to its front page), {@code {{slug}}}, {@code
   * {{tenantName}}} and {@code {{apiBase}}} (HTML-escaped, so a script reads them from the DOM, not
   * from inside itself); only the page's own {@code <script>} blocks run (each response gives them
   * a nonce). {@code {{pageScript}}}, before the page's script, defines the helpers pages share:
   * {@code plinth.money(minor, currency)} formats an amount in minor units. Pages call the
   * vertical's API from the browser.
   */
  default Map<String, String> pages() {
    return Map.of();
  }

  /** Work the host runs on a schedule, once per tenant of this vertical. */
  default List<TenantJob> jobs() {
    return List.of();
  }

  /** Contributes to {@code /health/ready}. */
  default VerticalHealth health() {
    return VerticalHealth.ok();
  }

  /**
   * Figures and tables about the bound tenant that the consoles show for this vertical: data, never
   * HTML. The host calls it inside a transaction scoped to the tenant.
   */
  default List<Panel> panels() {
    return List.of();
  }
}
