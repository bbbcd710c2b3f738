package dev.plinth.spi.billing;

import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A vertical's side of a checkout, for {@link BillingService#checkout}: what it records before
 * Stripe is asked, the session it asks for, and how it attaches the session or undoes the record.
 *
 * <p>Each method that writes runs in a transaction of its own ({@code @TenantTransactional} on the
 * vertical's service); no transaction is open while Stripe answers.
 *
 * @param <T> what the vertical records, such as its order or reservation
 */
public interface CheckoutIntent<T> {

  /**
   * Records the intent (an order, a hold on an item) and returns it. A refusal here (sold out, not
   * found) is thrown as usual, and no session is created.
   */
  T record();

  /** The checkout to create for the recorded intent. */
  CheckoutRequest request(T recorded);

  /** Ties the created session to the recorded intent. */
  void attach(T recorded, CheckoutSession session);

  /**
   * Undoes {@link #record()} after Stripe refused or could not be reached (the hold is released,
   * the order dropped). The host then passes Stripe's error on (502 {@code stripe_error}).
   */
  void compensate(T recorded);

  /**
   * An intent from its four steps, for a vertical that keeps them in its services:
   *
   * <pre>{@code
   * billing.checkout(CheckoutIntent.of(
   *     () -> orders.create(...),                                  // record
   *     order -> CheckoutRequest.payment(order.ref())...build(),   // request
   *     (order, session) -> orders.attach(order.id(), session.id()),
   *     order -> orders.drop(order.id())));                        // compensate
   * }</pre>
   */
  static <T> CheckoutIntent<T> of(
      Supplier<T> record,
      Function<T, CheckoutRequest> request,
      BiConsumer<T, CheckoutSession> attach,
      Consumer<T> compensate) {
    return new CheckoutIntent<>() {
      @Override
      public T record() {
        return record.get();
      }

      @Override
      public CheckoutRequest request(T recorded) {
        return request.apply(recorded);
      }

      @Override
      public void attach(T recorded, CheckoutSession session) {
        attach.accept(recorded, session);
      }

      @Override
      public void compensate(T recorded) {
        compensate.accept(recorded);
      }
    };
  }

  /**
   * A started checkout.
   *
   * @param recorded what {@link #record()} returned
   * @param session the session to send the payer to
   */
  record Started<T>(T recorded, CheckoutSession session) {}
}
