package dev.plinth.probe;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.persistence.annotations.Multitenant;
import org.eclipse.persistence.annotations.MultitenantType;
import org.eclipse.persistence.annotations.TenantDiscriminatorColumn;

/** A note: the test vertical's one tenant-owned entity. */
@Entity
@Table(schema = "probe", name = "notes")
@Multitenant(MultitenantType.SINGLE_TABLE)
@TenantDiscriminatorColumn(name = "tenant_id", contextProperty = "eclipselink.tenant-id")
public class ProbeNote {

  @Id private UUID id;

  @Column(nullable = false)
  private String body;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected ProbeNote() {}

  public ProbeNote(UUID id, String body, Instant createdAt) {
    this.id = id;
    this.body = body;
    this.createdAt = createdAt;
  }

  public UUID id() {
    return id;
  }

  public String body() {
    return body;
  }

  public void body(String body) {
    this.body = body;
  }
}
