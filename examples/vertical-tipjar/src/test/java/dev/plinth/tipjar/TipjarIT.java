package dev.plinth.tipjar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testkit.PlinthClient;
import dev.plinth.testkit.PlinthClient.Reply;
import dev.plinth.testkit.PlinthClient.TestTenant;
import dev.plinth.testkit.Poll;
import dev.plinth.testkit.it.Browser;
import dev.plinth.testkit.it.PlinthIt;
import dev.plinth.testkit.stripe.StripeSimulator;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The tip jar against a real Plinth and the Stripe simulator. */
class TipjarIT extends PlinthIt {

  private Reply tip(TestTenant t, String body) {
    return client.post(api(t, TipjarModule.ID, "tips"), null, body);
  }

  private JsonObject paidTips(TestTenant t) {
    Reply r = client.get(api(t, TipjarModule.ID, "tips"), null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  private long sessionsCreated(TestTenant t) {
    String account = StripeSimulator.accountOf(PlinthClient.keyOf(t.slug()));
    return sim.count(
        r ->
            account.equals(r.account())
                && r.path().equals("/v1/checkout/sessions")
                && r.status() == 200);
  }

  @Test
  void aPaidTipIsListedAndOnlyForItsTenant() {
    TestTenant t = onboard(TipjarModule.ID);
    TestTenant other = onboard(TipjarModule.ID);
    Reply started = tip(t, json("amount", 500, "name", "Ada", "message", "Great \"show\""));
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    assertThat(started.json().getString("checkoutUrl")).startsWith(sim.baseUrl());
    assertThat(paidTips(t).getJsonArray("tips")).as("unpaid tips are not listed").isEmpty();

    pay(t, started.json().getString("sessionId"));

    JsonObject paid = paidTips(t).getJsonArray("tips").getJsonObject(0);
    assertThat(paid.getInt("amount")).isEqualTo(500);
    assertThat(paid.getString("name")).isEqualTo("Ada");
    assertThat(paid.getString("message")).isEqualTo("Great \"show\"");
    assertThat(paidTips(other).getJsonArray("tips")).isEmpty();
  }

  @Test
  void badTipsAreRefusedWithoutACheckout() {
    TestTenant t = onboard(TipjarModule.ID);
    long before = sessionsCreated(t);
    assertError(tip(t, json("amount", 5, "name", "Ada")), 400, "invalid_request", "amount");
    assertError(tip(t, json("amount", 500, "name", " ")), 400, "invalid_request", "name");
    assertError(tip(t, json("amount", "lots", "name", "Ada")), 400, "invalid_request", "amount");
    assertError(tip(t, "{\"amount\": 500,"), 400, "malformed_json", null);
    assertThat(sessionsCreated(t)).isEqualTo(before);
  }

  @Test
  void aFailedCheckoutIsAClear502AndTheNextTipWorks() {
    TestTenant t = onboard(TipjarModule.ID);
    String key = PlinthClient.keyOf(t.slug());
    sim.fail(key, 500);
    try {
      assertError(tip(t, json("amount", 500, "name", "Ada")), 502, "stripe_error", null);
    } finally {
      sim.heal(key);
    }
    Reply ok = tip(t, json("amount", 700, "name", "Bo"));
    pay(t, ok.json().getString("sessionId"));
    assertThat(paidTips(t).getJsonArray("tips")).hasSize(1);
  }

  @Test
  void aCustomerTipsOnThePageAndSeesTheTipListed() throws Exception {
    TestTenant t = onboard(TipjarModule.ID);
    try (Browser b = Browser.open()) {
      b.get(base + "t/" + t.slug());
      b.await(ExpectedConditions.textToBe(By.id("tips"), "No tips yet. Be the first!"));
      b.shot("tipjar-1-empty");
      b.shotNarrow("tipjar-1-empty");
      b.find("name").sendKeys("Ada");
      b.find("amount").clear();
      b.find("amount").sendKeys("0");
      b.driver.findElement(By.cssSelector("#tip button")).click();
      b.await(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
      assertThat(b.text("error")).contains("amount");
      b.shotNarrow("tipjar-1-error");
      b.find("amount").clear();
      b.find("amount").sendKeys("7");
      b.find("message").sendKeys("Lovely work");
      b.driver.findElement(By.cssSelector("#tip button")).click();
      b.await(ExpectedConditions.urlContains("/pay/cs_test_"));
      b.find("email").sendKeys("ada@example.com");
      b.find("pay").click();
      b.await(ExpectedConditions.urlContains("/t/" + t.slug() + "?thanks=1"));
      assertThat(b.find("thanks").isDisplayed()).isTrue();
      Poll.until(() -> paidTips(t).getJsonArray("tips"), tips -> !tips.isEmpty(), "the tip paid");
      b.get(base + "t/" + t.slug() + "?thanks=1");
      b.await(
          ExpectedConditions.textToBe(By.cssSelector("#tips li"), "$7.00 from Ada: Lovely work"));
      b.shot("tipjar-2-thanks");
      b.shotNarrow("tipjar-2-thanks");
    }
  }
}
