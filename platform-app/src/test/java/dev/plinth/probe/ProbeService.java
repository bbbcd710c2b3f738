package dev.plinth.probe;

import dev.plinth.spi.Notification;
import dev.plinth.spi.Notifications;
import dev.plinth.spi.TenantTransactional;
import dev.plinth.spi.web.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** The probe's use cases, each in a tenant-scoped transaction. */
@ApplicationScoped
@TenantTransactional
public class ProbeService {

  @PersistenceContext(unitName = "probe")
  EntityManager em;

  @jakarta.inject.Inject Clock clock;

  @jakarta.inject.Inject Notifications notifications;

  public ProbeNote create(String body) {
    ProbeNote note = new ProbeNote(UUID.randomUUID(), body, clock.instant());
    em.persist(note);
    return note;
  }

  public List<ProbeNote> list() {
    return em.createQuery("SELECT n FROM ProbeNote n ORDER BY n.createdAt", ProbeNote.class)
        .getResultList();
  }

  public ProbeNote find(UUID id) {
    ProbeNote note = em.find(ProbeNote.class, id);
    if (note == null) {
      throw ApiException.notFound("no note " + id);
    }
    return note;
  }

  public ProbeNote update(UUID id, String body) {
    ProbeNote note = find(id);
    note.body(body);
    return note;
  }

  /** Queues a notification to {@code to} through the outbox. */
  public UUID notify(String to) {
    return notifications.enqueue(
        new Notification(to, "Probe", "A probe notification.", "probe.notice"));
  }

  /** Counts rows with native SQL and no tenant filter at all: only row-level security limits it. */
  public long countAllRowsNatively() {
    return ((Number) em.createNativeQuery("SELECT count(*) FROM probe.notes").getSingleResult())
        .longValue();
  }
}
