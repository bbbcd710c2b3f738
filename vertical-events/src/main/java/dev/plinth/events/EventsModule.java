package dev.plinth.events;

import dev.plinth.spi.Panel;
import dev.plinth.spi.Settings;
import dev.plinth.spi.VerticalHealth;
import dev.plinth.spi.VerticalModule;
import dev.plinth.spi.billing.StripeEventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Paid events: a client pays for an event (a shoot, a workshop, a gallery) through its pay page,
 * the money going to the tenant's account or to the event's professional's connected account;
 * webhooks keep the event's payment status current, and the paid client gets the gallery.
 */
@ApplicationScoped
public class EventsModule extends VerticalModule {

  /** The module id: path, schema, persistence unit, migrations and config prefix. */
  public static final String ID = "events";

  /**
   * The settings ({@code events.*}, or {@code EVENTS_*}), read once at start.
   *
   * @param checkoutsPerClientPerMinute checkouts one client may start per minute
   * @param galleryLink how long the gallery link emailed to a paid client works
   */
  public record Config(int checkoutsPerClientPerMinute, Duration galleryLink) {}

  @PersistenceContext(unitName = ID)
  EntityManager em;

  @Inject Events events;

  public EventsModule() {
    super(ID, "Events", EventsResource.class, Events.class);
  }

  @Produces
  @Singleton
  static Config config() {
    Settings s = Settings.of(ID);
    return new Config(
        s.positive("checkouts-per-client-per-minute", 10), s.days("gallery-link-days", 30));
  }

  @Override
  public EntityManager entityManager() {
    return em;
  }

  /** Payment intents carry no typed event: a declined card fails the event, a success pays it. */
  @Override
  public Map<String, StripeEventHandler> eventHandlers() {
    StripeEventHandler h = (event, tenant) -> events.paymentIntent(event);
    return Map.of("payment_intent.succeeded", h, "payment_intent.payment_failed", h);
  }

  /** The pay page, the success page and the gallery, at /t/{slug}/pay and so on. */
  @Override
  public Map<String, String> pages() {
    return Map.of(
        "pay", page("pay.html"), "success", page("success.html"), "gallery", page("gallery.html"));
  }

  /** Ready when the events table answers; the core checks the database and migrations besides. */
  @Override
  public VerticalHealth health() {
    return tableAnswers("events.events");
  }

  @Override
  public List<Panel> panels() {
    return List.of(
        Panel.of(
            "events",
            "Events",
            events.counts().entrySet().stream()
                .map(c -> Panel.Figure.count(c.getKey().label(), c.getValue()))
                .toList()));
  }
}
