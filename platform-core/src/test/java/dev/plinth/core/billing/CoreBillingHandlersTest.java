package dev.plinth.core.billing;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class CoreBillingHandlersTest {

  static JsonObject json(String s) {
    return Json.createReader(new StringReader(s)).readObject();
  }

  @Test
  void anInvoiceOfTodaysApiNamesItsPaymentIntentInItsPayments() {
    JsonObject invoice =
        json(
            "{\"id\":\"in_1\",\"object\":\"invoice\",\"payments\":{\"object\":\"list\",\"data\":["
                + "{\"object\":\"invoice_payment\",\"status\":\"canceled\","
                + "\"payment\":{\"type\":\"payment_intent\",\"payment_intent\":\"pi_old\"}},"
                + "{\"object\":\"invoice_payment\",\"status\":\"paid\","
                + "\"payment\":{\"type\":\"payment_intent\",\"payment_intent\":\"pi_paid\"}}]}}");
    assertThat(dev.plinth.core.billing.events.PaymentEventTranslator.invoicePaymentIntent(invoice))
        .contains("pi_paid");
    assertThat(
            dev.plinth.core.billing.events.PaymentEventTranslator.invoicePaymentIntent(
                json("{\"id\":\"in_2\"}")))
        .isEmpty();
  }
}
