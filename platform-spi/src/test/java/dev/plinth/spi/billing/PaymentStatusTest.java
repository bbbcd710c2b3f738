package dev.plinth.spi.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.spi.billing.PaymentEvent.Facts;
import dev.plinth.spi.billing.PaymentStatus.Fact;
import dev.plinth.spi.billing.PaymentStatus.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every cell of the transition table (docs/EVENTS.md), fresh and stale. */
class PaymentStatusTest {

  /** A state by its short name: {@code disputed<paid} is disputed, paid before the dispute. */
  static State state(String s) {
    if (s.startsWith("disputed<")) {
      return new State(PaymentStatus.disputed, PaymentStatus.valueOf(s.substring(9)));
    }
    return State.of(PaymentStatus.valueOf(s));
  }

  /**
   * One row per state and freshness: the state after each fact, in the order of {@link Fact}; "="
   * is unchanged. A stale fact only moves the money further along its path: it never moves the
   * status back, nor opens or closes a dispute.
   */
  @ParameterizedTest(name = "{0}, stale {1}")
  @CsvSource(
      delimiterString = "|",
      textBlock =
          """
          # from                      | stale | PAID | FAILED | PARTIALLY_REFUNDED          | REFUNDED | DISPUTE_OPENED              | DISPUTE_WON        | DISPUTE_LOST
          pending                     | false | paid | failed | partially_refunded          | refunded | disputed<paid               | =                  | refunded
          failed                      | false | paid | =      | partially_refunded          | refunded | disputed<paid               | =                  | refunded
          paid                        | false | =    | =      | partially_refunded          | refunded | disputed<paid               | =                  | refunded
          partially_refunded          | false | =    | =      | =                           | refunded | disputed<partially_refunded | =                  | refunded
          refunded                    | false | =    | =      | =                           | =        | =                           | =                  | =
          disputed<paid               | false | =    | =      | disputed<partially_refunded | refunded | =                           | paid               | refunded
          disputed<partially_refunded | false | =    | =      | =                           | refunded | =                           | partially_refunded | refunded
          pending                     | true  | paid | failed | partially_refunded          | refunded | =                           | =                  | refunded
          failed                      | true  | paid | =      | partially_refunded          | refunded | =                           | =                  | refunded
          paid                        | true  | =    | =      | partially_refunded          | refunded | =                           | =                  | refunded
          partially_refunded          | true  | =    | =      | =                           | refunded | =                           | =                  | refunded
          refunded                    | true  | =    | =      | =                           | =        | =                           | =                  | =
          disputed<paid               | true  | =    | =      | disputed<partially_refunded | refunded | =                           | =                  | refunded
          disputed<partially_refunded | true  | =    | =      | =                           | refunded | =                           | =                  | refunded
          """)
  void everyFactMovesAsTheTableSays(
      String from,
      boolean stale,
      String paid,
      String failed,
      String partiallyRefunded,
      String refunded,
      String disputeOpened,
      String disputeWon,
      String disputeLost) {
    String[] after = {
      paid, failed, partiallyRefunded, refunded, disputeOpened, disputeWon, disputeLost
    };
    assertThat(after).hasSameSizeAs(Fact.values());
    State s = state(from);
    for (Fact fact : Fact.values()) {
      String expected = after[fact.ordinal()];
      assertThat(PaymentStatus.next(s, fact, stale))
          .as(from + " + " + fact + (stale ? " (stale)" : ""))
          .isEqualTo(expected.equals("=") ? s : state(expected));
    }
  }

  @Test
  void paidNeverBecomesFailedAndAClientsRetryPaysAFailedEvent() {
    State failed = PaymentStatus.next(State.of(PaymentStatus.pending), Fact.FAILED, false);
    State paid = PaymentStatus.next(failed, Fact.PAID, false);
    assertThat(paid).isEqualTo(State.of(PaymentStatus.paid));
    assertThat(PaymentStatus.next(paid, Fact.FAILED, false)).isEqualTo(paid);
  }

  @Test
  void typedEventsStateTheirFactsAndTheOthersNone() {
    Facts f = PaymentRefundedTest.paidWith("pi_1");
    Money m = f.amount();
    assertThat(Fact.of(new PaymentEvent.CheckoutPaid(f, null))).isEqualTo(Fact.PAID);
    assertThat(Fact.of(new PaymentEvent.CheckoutPaymentFailed(f))).isEqualTo(Fact.FAILED);
    assertThat(Fact.of(new PaymentEvent.PaymentRefunded(f, m, true))).isEqualTo(Fact.REFUNDED);
    assertThat(Fact.of(new PaymentEvent.PaymentRefunded(f, new Money(1, "usd"), false)))
        .isEqualTo(Fact.PARTIALLY_REFUNDED);
    assertThat(Fact.of(new PaymentEvent.DisputeOpened(f, "dp_1", "fraudulent")))
        .isEqualTo(Fact.DISPUTE_OPENED);
    assertThat(Fact.of(new PaymentEvent.DisputeClosed(f, "dp_1", "won", true)))
        .isEqualTo(Fact.DISPUTE_WON);
    assertThat(Fact.of(new PaymentEvent.DisputeClosed(f, "dp_1", "lost", false)))
        .isEqualTo(Fact.DISPUTE_LOST);
    assertThat(Fact.of(new PaymentEvent.CheckoutAwaitingPayment(f))).isNull();
    assertThat(Fact.of(new PaymentEvent.CheckoutExpired(f))).isNull();
  }
}
