package dev.plinth.probe;

import dev.plinth.spi.persistence.Repository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Quick reads of notes without a tenant transaction ({@link Repository#peek}). */
@ApplicationScoped
public class ProbePeek extends Repository<ProbeNote> {

  /**
   * One note's body (null when the bound tenant cannot see it) and the notes the bound tenant can
   * see: counted with no tenant filter at all, so only row-level security limits it.
   */
  public record Peeked(String body, long visibleRows) {}

  ProbePeek() {
    super(ProbeVertical.class, ProbeNote.class, "note");
  }

  public Peeked note(UUID id) {
    return peek(
            Peeked.class,
            "SELECT (SELECT body FROM probe.notes WHERE id = ?2),"
                + " (SELECT count(*) FROM probe.notes)",
            id)
        .get(0);
  }
}
