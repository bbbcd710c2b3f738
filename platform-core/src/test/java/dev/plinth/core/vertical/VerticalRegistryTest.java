package dev.plinth.core.vertical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.spi.PlinthVertical;
import jakarta.persistence.EntityManager;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerticalRegistryTest {

  record Fake(String id, String name) implements PlinthVertical {
    @Override
    public EntityManager entityManager() {
      return null;
    }

    @Override
    public Class<?> rootResource() {
      return Object.class;
    }
  }

  @Test
  void indexesByIdInOrder() {
    var index =
        VerticalRegistry.index(
            List.of(new Fake("events", "Events"), new Fake("credits", "Credits")));
    assertThat(index.keySet()).containsExactly("credits", "events");
  }

  @Test
  void aDuplicateIdStopsStartUpNamingBoth() {
    assertThatThrownBy(
            () ->
                VerticalRegistry.index(
                    List.of(new Fake("events", "Events"), new Fake("events", "Other events"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("two installed verticals share the id 'events'")
        .hasMessageContaining("Events and Other events");
  }

  @Test
  void badAndReservedIdsAreRefused() {
    assertThatThrownBy(() -> VerticalRegistry.index(List.of(new Fake("Bad-Id", "Bad"))))
        .hasMessageContaining("lowercase");
    assertThatThrownBy(() -> VerticalRegistry.index(List.of(new Fake("webhooks", "W"))))
        .hasMessageContaining("reserved");
  }
}
