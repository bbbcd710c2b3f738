package dev.plinth.probe.echo;

import dev.plinth.spi.PlinthVertical;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/** A second test vertical with no data, to prove that verticals do not answer for each other. */
@ApplicationScoped
public class EchoVertical implements PlinthVertical {

  @Override
  public String id() {
    return "echo";
  }

  @Override
  public String name() {
    return "Echo";
  }

  @Override
  public EntityManager entityManager() {
    return null;
  }

  @Override
  public Class<?> rootResource() {
    return EchoResource.class;
  }
}
