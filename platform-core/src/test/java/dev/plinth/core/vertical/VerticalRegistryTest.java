package dev.plinth.core.vertical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.plinth.spi.PlinthVertical;
import dev.plinth.spi.billing.PaymentEvent;
import dev.plinth.spi.billing.PaymentListener;
import dev.plinth.spi.web.TenantArea;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerticalRegistryTest {

  record Fake(String id, String name, Class<?> rootResource) implements PlinthVertical {
    Fake(String id, String name) {
      this(id, name, null);
    }

    @Override
    public EntityManager entityManager() {
      return null;
    }
  }

  record WithPages(String id, Map<String, String> pages) implements PlinthVertical {
    @Override
    public String name() {
      return id;
    }

    @Override
    public EntityManager entityManager() {
      return null;
    }
  }

  static class Listener implements PaymentListener {
    @Override
    public void checkoutPaid(PaymentEvent.CheckoutPaid event) {}

    @Override
    public void paymentRefunded(PaymentEvent.PaymentRefunded event) {}
  }

  static class MoreListener extends Listener {
    @Override
    public void disputeOpened(PaymentEvent.DisputeOpened event) {}
  }

  /** Named as Weld names a client proxy, which overrides every method to delegate. */
  static class Listener$Proxy$_$$_WeldClientProxy extends MoreListener {
    @Override
    public void checkoutExpired(PaymentEvent.CheckoutExpired event) {}

    @Override
    public void invoicePaid(PaymentEvent.InvoicePaid event) {}
  }

  @Test
  void theTypedEventsAreThoseTheListenersOwnClassesOverride() {
    assertThat(VerticalRegistry.listenedTo(Listener.class))
        .containsExactly("CheckoutPaid", "PaymentRefunded");
    assertThat(VerticalRegistry.listenedTo(MoreListener.class))
        .containsExactly("CheckoutPaid", "DisputeOpened", "PaymentRefunded");
    assertThat(VerticalRegistry.listenedTo(Listener$Proxy$_$$_WeldClientProxy.class))
        .containsExactly("CheckoutPaid", "DisputeOpened", "PaymentRefunded");
    assertThat(VerticalRegistry.listenedTo(PaymentListener.class)).isEmpty();
  }

  @Path(TenantArea.PATH + "events")
  @TenantArea
  static class EventsResource {}

  @Path("t/{slug}/events")
  static class Unbound {}

  @Path("events")
  @TenantArea
  static class Elsewhere {}

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
  void aRootResourceIsServedInTheTenantAreaAtItsVerticalsPath() {
    Fake events = new Fake("events", "Events", EventsResource.class);
    var index = VerticalRegistry.index(List.of(events, new Fake("credits", "Credits")));
    assertThat(VerticalRegistry.resources(index))
        .containsExactly(entry(EventsResource.class, events));
    for (Class<?> wrong : List.of(Unbound.class, Elsewhere.class, Object.class)) {
      assertThatThrownBy(
              () ->
                  VerticalRegistry.resources(
                      VerticalRegistry.index(List.of(new Fake("events", "Events", wrong)))))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("must be annotated @Path(\"t/{slug}/events\") and @TenantArea");
    }
  }

  @Test
  void badAndReservedIdsAreRefused() {
    assertThatThrownBy(() -> VerticalRegistry.index(List.of(new Fake("Bad-Id", "Bad"))))
        .hasMessageContaining("lowercase");
    assertThatThrownBy(() -> VerticalRegistry.index(List.of(new Fake("webhooks", "W"))))
        .hasMessageContaining("reserved");
  }

  @Test
  void noVerticalMayTakeTheConsolesPageOrPath() {
    assertThatThrownBy(() -> VerticalRegistry.index(List.of(new Fake("console", "C"))))
        .hasMessageContaining("reserved");
    PlinthVertical takesTheConsole =
        new WithPages("shop", Map.of("", "shop/index.html", "console", "shop/console.html"));
    assertThatThrownBy(() -> VerticalRegistry.index(List.of(takesTheConsole)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("declares a page named 'console'");
  }
}
