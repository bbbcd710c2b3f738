package dev.plinth.credits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** How refunds turn into credits clawed back: the floor of the refunded share, cumulatively. */
class ClawbackTest {

  @Test
  void aFullRefundClawsBackEveryCredit() {
    assertThat(Purchase.clawbackFor(100, 1000, 1000)).isEqualTo(100);
    assertThat(Purchase.clawbackFor(2000, 16000, 16000)).isEqualTo(2000);
  }

  @Test
  void aPartialRefundClawsBackTheFloorOfItsShare() {
    // $4.50 of $45 is a tenth of 500 credits
    assertThat(Purchase.clawbackFor(500, 450, 4500)).isEqualTo(50);
    // a third of $10 is 33.33… of 100 credits: 33
    assertThat(Purchase.clawbackFor(100, 333, 1000)).isEqualTo(33);
    assertThat(Purchase.clawbackFor(100, 1, 1000)).isZero();
    assertThat(Purchase.clawbackFor(100, 0, 1000)).isZero();
  }

  @Test
  void partialRefundsAddingUpToThePaymentClawBackExactlyAll() {
    Random random = new Random(13);
    for (int run = 0; run < 1000; run++) {
      long credits = 1 + random.nextInt(5000);
      long charged = 50 + random.nextInt(100_000);
      long refunded = 0;
      long clawed = 0;
      while (refunded < charged) {
        refunded = Math.min(charged, refunded + 1 + random.nextInt((int) charged));
        long target = Purchase.clawbackFor(credits, refunded, charged);
        assertThat(target).as("never less than before").isGreaterThanOrEqualTo(clawed);
        assertThat(target).isLessThanOrEqualTo(credits);
        clawed = target;
      }
      assertThat(clawed).isEqualTo(credits);
    }
  }

  @Test
  void aRefundAboveTheChargeClawsBackNoMoreThanTheCredits() {
    assertThat(Purchase.clawbackFor(100, 5000, 1000)).isEqualTo(100);
    assertThat(Purchase.clawbackFor(100, 1000, 0)).isZero();
  }
}
