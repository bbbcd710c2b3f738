package dev.plinth.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testkit.PlinthClient.TestTenant;
import dev.plinth.testkit.Poll;
import dev.plinth.testkit.it.Browser;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The analyses page in headless Chromium: a user opened from the tenant's app sees the plans and
 * the dashboard, upgrades on the simulator's hosted page, and comes back to the new limit.
 */
class AnalysesBrowserIT extends ItBase {

  @Test
  void aUserUpgradesFromThePricingPageAndSeesTheNewLimit() throws Exception {
    TestTenant t = onboard("analyses");
    String ada = "u-" + UUID.randomUUID();
    String token = endUser(t, ada, ada + "@example.com");
    client.post(
        "api/t/" + t.slug() + "/analyses/users/" + ada + "/analyses",
        token,
        json("address", "12 Harbour Road, Bristol", "data", Map.of("rooms", 3)));
    try (Browser b = Browser.open()) {
      b.get(base + "t/" + t.slug() + "/dashboard#session=" + token);
      b.await(ExpectedConditions.textToBe(By.id("used"), "1 of 5"));
      assertThat(b.driver.getCurrentUrl()).doesNotContain("session=");
      b.await(ExpectedConditions.textToBe(By.id("tier"), "Free"));
      assertThat(b.find("manage").isDisplayed()).as("nothing to manage yet").isFalse();
      b.await(
          ExpectedConditions.textMatches(
              By.cssSelector("#analyses li"), Pattern.compile("12 Harbour Road, Bristol \\(.*")));
      b.shot("analyses-1-dashboard");
      b.shotNarrow("analyses-1-dashboard");
      b.await(ExpectedConditions.elementToBeClickable(By.cssSelector("#tier-starter button")))
          .click();
      b.await(ExpectedConditions.urlContains("/pay/cs_test_"));
      String session =
          b.driver.getCurrentUrl().replaceFirst("^.*/pay/(cs_test_[A-Za-z0-9]+).*$", "$1");
      b.find("pay").click();
      b.await(ExpectedConditions.urlContains("/dashboard?upgraded=1"));
      assertThat(b.find("upgraded").isDisplayed()).isTrue();
      Poll.until(
          () -> {
            b.get(base + "t/" + t.slug() + "/dashboard?upgraded=1");
            b.await(ExpectedConditions.textMatches(By.id("used"), Pattern.compile("\\d+ of \\d+")));
            return b.text("used");
          },
          // the subscription's period began after the Free analysis: nothing used in it yet
          used -> used.equals("0 of 25"),
          "the new limit on the dashboard");
      b.await(ExpectedConditions.textToBe(By.id("tier"), "Starter"));
      assertThat(b.find("manage").isDisplayed()).isTrue();
      assertThat(b.find("past-due").isDisplayed()).isFalse();
      b.shot("analyses-2-upgraded");

      // the renewal fails: the dashboard says so, and the plan holds meanwhile
      String sub = (String) sim.object(session).orElseThrow().get("subscription");
      awaitProcessed(t, sim.failRenewal(sub));
      b.get(base + "t/" + t.slug() + "/dashboard");
      b.await(ExpectedConditions.visibilityOfElementLocated(By.id("past-due")));
      assertThat(b.text("past-due")).contains("did not go through").contains("Manage billing");
      b.await(ExpectedConditions.textToBe(By.id("status"), "Payment overdue"));
      assertThat(b.text("tier")).isEqualTo("Starter");
      b.await(ExpectedConditions.textMatches(By.id("used"), Pattern.compile("\\d+ of 25")));
      b.shot("analyses-3-past-due");
      b.shotNarrow("analyses-3-past-due");
    }
  }
}
