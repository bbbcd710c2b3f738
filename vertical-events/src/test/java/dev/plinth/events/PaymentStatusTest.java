package dev.plinth.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.events.PaymentStatus.Fact;
import dev.plinth.events.PaymentStatus.State;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every cell of the transition table in docs/EVENTS.md, fresh and stale. */
class PaymentStatusTest {

  /** A state by its short name: {@code disputed<paid} is disputed, paid before the dispute. */
  static State state(String s) {
    if (s.startsWith("disputed<")) {
      return new State(PaymentStatus.disputed, PaymentStatus.valueOf(s.substring(9)));
    }
    return State.of(PaymentStatus.valueOf(s));
  }

  static final Fact[] FACTS = Fact.values();

  /**
   * One row per state: the state after each fact, in the order of {@link Fact} (PAID, FAILED,
   * PARTIALLY_REFUNDED, REFUNDED, DISPUTE_OPENED, DISPUTE_WON, DISPUTE_LOST); "=" is unchanged.
   */
  static final String[][] FRESH = {
    {
      "pending",
      "paid",
      "failed",
      "partially_refunded",
      "refunded",
      "disputed<paid",
      "=",
      "refunded"
    },
    {"failed", "paid", "=", "partially_refunded", "refunded", "disputed<paid", "=", "refunded"},
    {"paid", "=", "=", "partially_refunded", "refunded", "disputed<paid", "=", "refunded"},
    {
      "partially_refunded",
      "=",
      "=",
      "=",
      "refunded",
      "disputed<partially_refunded",
      "=",
      "refunded"
    },
    {"refunded", "=", "=", "=", "=", "=", "=", "="},
    {"disputed<paid", "=", "=", "disputed<partially_refunded", "refunded", "=", "paid", "refunded"},
    {
      "disputed<partially_refunded",
      "=",
      "=",
      "=",
      "refunded",
      "=",
      "partially_refunded",
      "refunded"
    },
  };

  /** The same table for a stale fact: only moves further along the money's path remain. */
  static final String[][] STALE = {
    {"pending", "paid", "failed", "partially_refunded", "refunded", "=", "=", "refunded"},
    {"failed", "paid", "=", "partially_refunded", "refunded", "=", "=", "refunded"},
    {"paid", "=", "=", "partially_refunded", "refunded", "=", "=", "refunded"},
    {"partially_refunded", "=", "=", "=", "refunded", "=", "=", "refunded"},
    {"refunded", "=", "=", "=", "=", "=", "=", "="},
    {"disputed<paid", "=", "=", "disputed<partially_refunded", "refunded", "=", "=", "refunded"},
    {"disputed<partially_refunded", "=", "=", "=", "refunded", "=", "=", "refunded"},
  };

  @Test
  void everyFreshFactMovesAsTheTableSays() {
    check(FRESH, false);
  }

  @Test
  void aStaleFactNeverMovesTheStatusBackNorOpensOrClosesADispute() {
    check(STALE, true);
  }

  private static void check(String[][] table, boolean stale) {
    assertThat(table.length).as("a row per state").isEqualTo(7);
    List<String> wrong = new ArrayList<>();
    for (String[] row : table) {
      assertThat(row).hasSize(FACTS.length + 1);
      State from = state(row[0]);
      for (int i = 0; i < FACTS.length; i++) {
        State expected = row[i + 1].equals("=") ? from : state(row[i + 1]);
        State actual = PaymentStatus.next(from, FACTS[i], stale);
        if (!actual.equals(expected)) {
          wrong.add(row[0] + " + " + FACTS[i] + " -> " + actual + ", expected " + expected);
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void paidNeverBecomesFailedAndAClientsRetryPaysAFailedEvent() {
    State failed = PaymentStatus.next(State.of(PaymentStatus.pending), Fact.FAILED, false);
    State paid = PaymentStatus.next(failed, Fact.PAID, false);
    assertThat(paid).isEqualTo(State.of(PaymentStatus.paid));
    assertThat(PaymentStatus.next(paid, Fact.FAILED, false)).isEqualTo(paid);
  }
}
