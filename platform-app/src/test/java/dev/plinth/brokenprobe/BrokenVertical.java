package dev.plinth.brokenprobe;

import dev.plinth.spi.PlinthVertical;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/** A test vertical whose V2 migration cannot run. */
@ApplicationScoped
public class BrokenVertical implements PlinthVertical {

  @Override
  public String id() {
    return "broken";
  }

  @Override
  public String name() {
    return "Broken";
  }

  @Override
  public EntityManager entityManager() {
    return null;
  }
}
