package dev.plinth.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testkit.PlinthClient.TestTenant;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A professional onboarding a Stripe account for a tenant, in a real headless Chromium: Stripe's
 * onboarding (the simulator's page) left half-way brings them to Plinth's "not complete" page,
 * whose link continues at Stripe through the refresh page; finishing brings them to "Account
 * connected"; a link that is not valid says so. Screenshots go to {@code
 * target/screenshots/connect-onboarding-*.png}.
 */
class ConnectOnboardingBrowserIT extends BrowserIt {

  /** Waits for the page of this title; on a timeout the failure shows what the browser has. */
  void awaitPage(String title) {
    try {
      browser.await(ExpectedConditions.titleIs(title));
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError(
          "waited for the page '"
              + title
              + "' at "
              + browser.driver.getCurrentUrl()
              + "; the browser has: "
              + browser.driver.getPageSource(),
          e);
    }
  }

  String heading() {
    return browser.driver.findElement(By.tagName("h1")).getText();
  }

  String page() {
    return browser.driver.findElement(By.tagName("main")).getText();
  }

  @Test
  void aProfessionalLeavesStripesOnboardingComesBackToFinishItAndSeesTheAccountConnected()
      throws Exception {
    TestTenant t = stripeTenant("probe");
    created(
        client.post(
            "api/tenants/" + t.slug() + "/stripe/connect-webhook-endpoint", t.apiKey(), null));
    JsonObject link =
        created(
            client.post("api/tenants/" + t.slug() + "/connected-accounts/links", t.apiKey(), null));
    String account = link.getString("accountId");

    // at Stripe: "finish later"
    browser.get(link.getString("url"));
    browser.await(ExpectedConditions.elementToBeClickable(By.id("leave")));
    browser.find("leave").click();
    awaitPage("Onboarding is not complete");
    String incomplete = page();
    assertThat(incomplete).contains(account).contains("Continue onboarding");
    browser.shot("connect-onboarding-1-not-complete");
    browser.shotNarrow("connect-onboarding-1-not-complete");

    // continuing goes through the refresh page to a fresh Stripe link
    browser.driver.findElement(By.cssSelector("a.button")).click();
    browser.await(ExpectedConditions.elementToBeClickable(By.id("complete")));
    assertThat(browser.driver.getCurrentUrl()).startsWith(sim.baseUrl() + "/connect/onboarding/");
    assertThat(browser.driver.getCurrentUrl()).isNotEqualTo(link.getString("url"));
    browser.find("complete").click();
    awaitPage("Account connected");
    assertThat(heading()).isEqualTo("Account connected");
    assertThat(page()).contains(account).contains("Tenant " + t.slug());
    browser.shot("connect-onboarding-2-connected");
    browser.shotNarrow("connect-onboarding-2-connected");
    assertThat(
            ok(client.get("api/tenants/" + t.slug() + "/connected-accounts", t.apiKey()))
                .getJsonArray("connectedAccounts")
                .getJsonObject(0)
                .getString("status"))
        .isEqualTo("bound");

    // a link that is not valid (here, one signed for no one): a page, not an error document
    browser.get(
        site + "/api/tenants/" + t.slug() + "/connected-accounts/onboarding/return?state=forged");
    try {
      awaitPage("This link is not valid");
    } finally {
      browser.shot("connect-onboarding-3-not-valid");
    }
    assertThat(page()).contains("Ask the business that sent it for a new one");
  }
}
