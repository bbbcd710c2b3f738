package dev.plinth.spi.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import java.time.Instant;
import java.util.UUID;

/**
 * A {@link TenantOwned} row with a random UUID for its id (column {@code id uuid PRIMARY KEY}) and
 * the time it was made ({@code created_at timestamptz}), which are set once (the fields are
 * protected only for the entity's own views and queries). An entity whose row also keeps when it
 * last changed extends {@link EditableRecord}. List this class in the vertical's {@code
 * persistence.xml}, as {@link TenantOwned}.
 */
@MappedSuperclass
public abstract class TenantRecord extends TenantOwned {

  @Id protected UUID id;

  @Column(name = "created_at")
  protected Instant createdAt;

  /** For Jakarta Persistence, which fills in the fields. */
  protected TenantRecord() {}

  /** A new record, made {@code now}, with a new random id. */
  protected TenantRecord(Instant now) {
    this.id = UUID.randomUUID();
    this.createdAt = now;
  }

  public UUID id() {
    return id;
  }

  public Instant createdAt() {
    return createdAt;
  }
}
