package dev.plinth.spi.web;

import java.util.Optional;
import java.util.UUID;

/** Ids in paths: one that is not a UUID names nothing, so it is a 404 like an unknown one. */
public final class Ids {

  private Ids() {}

  /** The UUID {@code id}, if it is one. */
  public static Optional<UUID> tryParse(String id) {
    try {
      return Optional.of(UUID.fromString(id));
    } catch (IllegalArgumentException | NullPointerException e) {
      return Optional.empty();
    }
  }

  /** The UUID {@code id}, or 404 {@code not_found} naming {@code what}. */
  public static UUID parse(String id, String what) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw ApiException.notFound("no " + what + " " + id);
    }
  }
}
