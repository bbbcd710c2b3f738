package dev.plinth.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testkit.PlinthClient.TestTenant;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The credits page in headless Chromium: a user opened from the tenant's app buys a package on the
 * simulator's hosted page, waits on the success page for the credits, and reads the history; a
 * package larger than what is left shows as sold out.
 */
class CreditsBrowserIT extends BrowserIt {

  @Test
  void aUserBuysCreditsWaitsForThemAndReadsTheHistory() throws Exception {
    TestTenant t = onboard("credits");
    String ada = "u-" + UUID.randomUUID();
    String token = endUser(t, ada, ada + "@example.com");
    String path = "api/t/" + t.slug() + "/credits/";
    // 1,000 left: the 2,000-credit package is sold out
    assertThat(client.put(path + "capacity", t.apiKey(), json("total", 1000)).status())
        .isEqualTo(200);

    browser.get(site + "/t/" + t.slug() + "#session=" + token);
    browser.await(ExpectedConditions.textToBe(By.id("balance"), "0"));
    assertThat(browser.driver.getCurrentUrl()).doesNotContain("session=");
    browser.await(
        ExpectedConditions.textToBePresentInElementLocated(By.id("package-large"), "Sold out"));
    assertThat(browser.driver.findElements(By.cssSelector("#package-large button"))).isEmpty();
    browser.shot("credits-1-buy");
    browser.shotNarrow("credits-1-buy");

    browser
        .await(ExpectedConditions.elementToBeClickable(By.cssSelector("#package-medium button")))
        .click();
    browser.await(ExpectedConditions.urlContains("/pay/cs_test_"));
    browser.find("pay").click();
    browser.await(ExpectedConditions.urlContains("/success?session_id="));
    browser.await(ExpectedConditions.textToBe(By.id("waiting"), "500 credits are now yours."));
    browser.await(ExpectedConditions.textToBe(By.id("balance"), "500"));
    browser.shot("credits-2-success");

    assertThat(
            client
                .post(
                    path + "users/" + ada + "/spend",
                    t.apiKey(),
                    json("credits", 120, "reason", "Report export", "idempotencyKey", "k-1"))
                .status())
        .isEqualTo(201);
    browser.get(site + "/t/" + t.slug() + "/balance");
    browser.await(ExpectedConditions.textToBe(By.id("balance"), "380"));
    browser.await(
        ExpectedConditions.textMatches(
            By.cssSelector("#entries li:first-child"),
            Pattern.compile("-120 Used: Report export .*")));
    assertThat(browser.text("entries")).contains("Bought").contains("+500");
    browser.shot("credits-3-balance");
    browser.shotNarrow("credits-3-balance");
  }
}
