package dev.plinth.probe;

import dev.plinth.spi.ErrorReporter;
import dev.plinth.spi.PlinthVertical;
import dev.plinth.spi.Severity;
import dev.plinth.spi.TenantContext;
import dev.plinth.spi.billing.PaymentListener;
import dev.plinth.spi.billing.StripeEventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Map;

/** A small vertical that lives in the tests only, to prove the SPI end to end. */
@ApplicationScoped
public class ProbeVertical implements PlinthVertical {

  public static final String ID = "probe";

  @PersistenceContext(unitName = "probe")
  EntityManager em;

  @Inject ProbeService service;

  @Inject ProbePayments payments;

  @Inject ErrorReporter errors;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String name() {
    return "Probe";
  }

  @Override
  public EntityManager entityManager() {
    return em;
  }

  @Override
  public Class<?> rootResource() {
    return ProbeResource.class;
  }

  /** Records every typed payment event it receives. */
  @Override
  public PaymentListener payments() {
    return payments;
  }

  /** Raw handlers beside the listener: the escape hatch for types no typed event covers. */
  @Override
  public Map<String, StripeEventHandler> eventHandlers() {
    return Map.of(
        "checkout.session.completed",
        (event, tenant) -> service.create("paid " + event.object().getString("id")),
        "probe.object.touched",
        (event, tenant) -> ObjectOverlap.touch(tenant.slug(), event.object().getString("id")),
        "charge.pending",
        (event, tenant) ->
            errors.report(
                Severity.WARNING,
                "the probe saw a pending charge " + event.object().getString("id")),
        "charge.failed",
        (event, tenant) -> {
          service.create("this note must be rolled back");
          throw new IllegalStateException("the probe refuses charge.failed");
        });
  }

  /** A JPA read with no tenant bound, which multitenancy must refuse. */
  long unscopedCount() {
    return em.createQuery("SELECT count(n) FROM ProbeNote n", Long.class).getSingleResult();
  }

  /** Every new probe tenant starts with a welcome note, written in the onboarding transaction. */
  /** One panel: how many notes the tenant has, and the latest ones. */
  @Override
  public java.util.List<dev.plinth.spi.Panel> panels() {
    var notes = service.list();
    return java.util.List.of(
        new dev.plinth.spi.Panel(
            "notes",
            "Notes",
            java.util.List.of(new dev.plinth.spi.Panel.Figure("Notes", notes.size(), null)),
            java.util.List.of(
                new dev.plinth.spi.Panel.Table(
                    "Latest",
                    java.util.List.of("Note"),
                    notes.stream().limit(5).map(n -> java.util.List.of(n.body())).toList()))));
  }

  @Override
  public void onTenantProvisioned(TenantContext tenant) {
    service.create("welcome, " + tenant.slug());
  }
}
