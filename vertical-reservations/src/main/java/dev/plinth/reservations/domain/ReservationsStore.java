package dev.plinth.reservations.domain;

import dev.plinth.reservations.ReservationsModule;
import dev.plinth.spi.persistence.Repository;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** The base of this vertical's repositories: their entities live in the vertical's own unit. */
abstract class ReservationsStore<T> extends Repository<T> {

  @PersistenceContext(unitName = ReservationsModule.ID)
  EntityManager em;

  ReservationsStore(Class<T> type, String noun) {
    super(type, noun);
  }

  @Override
  protected EntityManager em() {
    return em;
  }
}
