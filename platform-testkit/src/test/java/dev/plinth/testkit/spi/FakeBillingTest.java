package dev.plinth.testkit.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.spi.billing.CheckoutIntent;
import dev.plinth.spi.billing.CheckoutLine;
import dev.plinth.spi.billing.CheckoutRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SPI's checkout with compensation, run against the fake as a vertical's unit test would. */
class FakeBillingTest {

  final MutableClock clock = new MutableClock();
  final FakeBilling billing = new FakeBilling(clock);
  final FakeTenant tenant = new FakeTenant("paws", "tipjar");
  final List<String> steps = new ArrayList<>();

  CheckoutIntent<String> intent(boolean attachFails) {
    return CheckoutIntent.of(
        () -> {
          steps.add("record");
          return "order-1";
        },
        order ->
            CheckoutRequest.payment(order)
                .line(CheckoutLine.item("Tip", 500, "usd"))
                .successUrl(tenant.pageUrl("thanks"))
                .build(),
        (order, session) -> {
          steps.add("attach " + session.id());
          if (attachFails) {
            throw new IllegalStateException("the order is gone");
          }
        },
        order -> steps.add("compensate " + order));
  }

  @Test
  void aPaidForIntentIsRecordedThenAttached() {
    var started = billing.checkout(intent(false));
    assertThat(steps).containsExactly("record", "attach cs_test_1");
    assertThat(started.recorded()).isEqualTo("order-1");
    assertThat(billing.checkouts())
        .singleElement()
        .extracting(CheckoutRequest::successUrl)
        .isEqualTo("https://plinth.example/t/paws/thanks");
  }

  @Test
  void whenStripeFailsTheIntentIsCompensatedAndTheErrorPassesOn() {
    billing.failNext();
    assertThatThrownBy(() -> billing.checkout(intent(false))).hasMessageContaining("Stripe");
    assertThat(steps).containsExactly("record", "compensate order-1");
    assertThat(billing.checkouts()).isEmpty();
  }

  @Test
  void aSessionThatCannotBeAttachedIsExpiredBeforeTheIntentIsCompensated() {
    assertThatThrownBy(() -> billing.checkout(intent(true))).hasMessage("the order is gone");
    assertThat(steps).containsExactly("record", "attach cs_test_1", "compensate order-1");
    assertThat(billing.expired()).containsExactly("cs_test_1");
  }
}
