package dev.plinth.probe;

import dev.plinth.spi.TenantContext;
import dev.plinth.spi.TenantTransactional;
import dev.plinth.spi.billing.PaymentEvent;
import dev.plinth.spi.billing.PaymentListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.StringReader;
import java.util.UUID;

/**
 * The probe's payment listener: it writes down every typed event it receives, in the event's
 * transaction, so that a test can read back exactly what the host delivered ({@code GET
 * .../probe/payments}).
 */
@ApplicationScoped
@TenantTransactional
public class ProbePayments implements PaymentListener {

  @PersistenceContext(unitName = "probe")
  EntityManager em;

  @Inject TenantContext tenant;

  @Override
  public void checkoutPaid(PaymentEvent.CheckoutPaid event) {
    record(event);
  }

  @Override
  public void checkoutAwaitingPayment(PaymentEvent.CheckoutAwaitingPayment event) {
    record(event);
  }

  @Override
  public void checkoutPaymentFailed(PaymentEvent.CheckoutPaymentFailed event) {
    record(event);
  }

  @Override
  public void checkoutExpired(PaymentEvent.CheckoutExpired event) {
    record(event);
  }

  @Override
  public void paymentRefunded(PaymentEvent.PaymentRefunded event) {
    record(event);
  }

  @Override
  public void disputeOpened(PaymentEvent.DisputeOpened event) {
    record(event);
  }

  @Override
  public void disputeClosed(PaymentEvent.DisputeClosed event) {
    record(event);
  }

  @Override
  public void subscriptionChanged(PaymentEvent.SubscriptionChanged event) {
    record(event);
  }

  @Override
  public void invoicePaid(PaymentEvent.InvoicePaid event) {
    record(event);
  }

  @Override
  public void invoicePaymentFailed(PaymentEvent.InvoicePaymentFailed event) {
    record(event);
  }

  private void record(PaymentEvent event) {
    em.createNativeQuery(
            "INSERT INTO probe.payment_events (id, tenant_id, kind, reference, event)"
                + " VALUES (?1, ?2, ?3, ?4, ?5)")
        .setParameter(1, UUID.randomUUID())
        .setParameter(2, tenant.tenantId())
        .setParameter(3, event.getClass().getSimpleName())
        .setParameter(4, event.reference())
        .setParameter(5, json(event).toString())
        .executeUpdate();
  }

  /** A record as JSON, component by component: records nest, instants are ISO text. */
  static JsonValue json(Object value) {
    if (value == null) {
      return JsonValue.NULL;
    }
    if (value instanceof Record r) {
      var o = Json.createObjectBuilder();
      for (var c : r.getClass().getRecordComponents()) {
        try {
          o.add(c.getName(), json(c.getAccessor().invoke(r)));
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
      return o.build();
    }
    if (value instanceof java.util.Map<?, ?> m) {
      var o = Json.createObjectBuilder();
      m.forEach((k, v) -> o.add(String.valueOf(k), json(v)));
      return o.build();
    }
    if (value instanceof Number n) {
      return Json.createValue(n.longValue());
    }
    if (value instanceof Boolean b) {
      return b ? JsonValue.TRUE : JsonValue.FALSE;
    }
    return Json.createValue(value.toString());
  }

  /** What was received, oldest first: {@code [{"kind", "reference", "event": {...}}]}. */
  public JsonArray received() {
    JsonArrayBuilder out = Json.createArrayBuilder();
    for (Object row :
        em.createNativeQuery(
                "SELECT kind, reference, event FROM probe.payment_events WHERE tenant_id = ?1"
                    + " ORDER BY seq")
            .setParameter(1, tenant.tenantId())
            .getResultList()) {
      Object[] r = (Object[]) row;
      JsonObject event = Json.createReader(new StringReader((String) r[2])).readObject();
      out.add(
          Json.createObjectBuilder()
              .add("kind", (String) r[0])
              .add("reference", r[1] == null ? "" : (String) r[1])
              .add("event", event));
    }
    return out.build();
  }
}
