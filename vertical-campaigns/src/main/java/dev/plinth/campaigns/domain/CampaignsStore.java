package dev.plinth.campaigns.domain;

import dev.plinth.campaigns.CampaignsModule;
import dev.plinth.spi.persistence.Repository;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** The base of this vertical's repositories: their entities live in the vertical's own unit. */
abstract class CampaignsStore<T> extends Repository<T> {

  @PersistenceContext(unitName = CampaignsModule.ID)
  EntityManager em;

  CampaignsStore(Class<T> type, String noun) {
    super(type, noun);
  }

  @Override
  protected EntityManager em() {
    return em;
  }
}
