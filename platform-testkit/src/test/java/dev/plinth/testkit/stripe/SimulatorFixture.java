package dev.plinth.testkit.stripe;

import com.stripe.StripeClient;
import com.stripe.param.checkout.SessionCreateParams;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * What the simulator's tests share: one simulator and one webhook {@link Receiver} per test class,
 * stripe-java clients on it, fresh secret keys (each its own Stripe account), and line items.
 */
abstract class SimulatorFixture {

  static StripeSimulator sim;
  static Receiver receiver;

  @BeforeAll
  static void startSimulator() throws Exception {
    sim = StripeSimulator.start(0);
    receiver = new Receiver();
  }

  @AfterAll
  static void stopSimulator() {
    sim.close();
    receiver.close();
  }

  /** A secret key nobody used yet: a new account at the simulator. */
  static String key() {
    return "sk_test_" + UUID.randomUUID().toString().replace("-", "");
  }

  /** stripe-java on the simulator, with {@code key}. */
  static StripeClient client(String key) {
    return StripeClient.builder().setApiKey(key).setApiBase(sim.baseUrl()).build();
  }

  /** A checkout line of {@code quantity} times a one-off usd price of {@code amount}. */
  static SessionCreateParams.LineItem item(String product, long amount, long quantity) {
    return SessionCreateParams.LineItem.builder()
        .setQuantity(quantity)
        .setPriceData(
            SessionCreateParams.LineItem.PriceData.builder()
                .setCurrency("usd")
                .setUnitAmount(amount)
                .setProductData(
                    SessionCreateParams.LineItem.PriceData.ProductData.builder()
                        .setName(product)
                        .build())
                .build())
        .build();
  }
}
