package dev.plinth.core.db;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Conversions of values that native queries return. */
public final class SqlValues {

  private SqlValues() {}

  /** A {@code timestamptz} as the driver returned it, as an {@link Instant}; null stays null. */
  public static Instant instant(Object o) {
    if (o == null) {
      return null;
    }
    if (o instanceof Timestamp t) {
      return t.toInstant();
    }
    if (o instanceof OffsetDateTime odt) {
      return odt.toInstant();
    }
    return Instant.parse(o.toString());
  }

  /** A {@code uuid} as the driver returned it (a UUID, or its text); null stays null. */
  public static UUID uuid(Object o) {
    if (o == null) {
      return null;
    }
    return o instanceof UUID u ? u : UUID.fromString(o.toString());
  }
}
