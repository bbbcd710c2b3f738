package dev.plinth.spi.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import java.time.Instant;

/**
 * A {@link TenantRecord} that changes after it is made, and keeps when it last did ({@code
 * updated_at timestamptz}). List this class in the vertical's {@code persistence.xml}, as {@link
 * TenantOwned}.
 */
@MappedSuperclass
public abstract class EditableRecord extends TenantRecord {

  @Column(name = "updated_at")
  protected Instant updatedAt;

  /** For Jakarta Persistence, which fills in the fields. */
  protected EditableRecord() {}

  /** A new record, made and last changed {@code now}. */
  protected EditableRecord(Instant now) {
    super(now);
    this.updatedAt = now;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  /** Notes that the record changed {@code now}. */
  protected void changed(Instant now) {
    this.updatedAt = now;
  }
}
