package dev.plinth.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testkit.PlinthClient.Reply;
import dev.plinth.testkit.PlinthClient.TestTenant;
import dev.plinth.testkit.it.Browser;
import dev.plinth.testkit.it.SimulatedStripe;
import dev.plinth.testkit.stripe.Delivery;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The contractor's whole purchase in a real headless Chromium (Debian's {@code chromium} and {@code
 * chromium-driver}): the storefront, the Stripe simulator's hosted checkout, the success page with
 * its countdown, and the portal. Screenshots go to {@code target/screenshots}.
 */
class CampaignsBrowserIT extends ItBase {

  Browser chromium;

  WebDriver browser;

  WebDriverWait wait;

  @BeforeEach
  void openBrowser() throws Exception {
    chromium = Browser.open();
    browser = chromium.driver;
    wait = new WebDriverWait(browser, Duration.ofSeconds(30));
  }

  @AfterEach
  void closeBrowser() {
    if (chromium != null) {
      chromium.close();
    }
  }

  void shot(String name) throws Exception {
    chromium.shot(name);
  }

  @Test
  void aContractorBuysPaysAndFollowsTheCampaignInTheBrowser() throws Exception {
    SimulatedStripe.get();
    TestTenant t = client.onboard(ADMIN, "campaigns");
    Reply r = client.post("api/tenants/" + t.slug() + "/stripe/webhook-endpoint", t.apiKey(), null);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    String site = base.toString().replaceFirst("/$", "");

    // 1. the storefront: packages and the buy form
    browser.get(site + "/t/" + t.slug());
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#packageCode option")));
    assertThat(browser.findElement(By.id("packages")).getText()).contains("Winter Special");
    new Select(browser.findElement(By.id("packageCode"))).selectByValue("winter-special");
    browser.findElement(By.id("businessName")).sendKeys("Mike's Windows LLC");
    String email = "mike-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    browser.findElement(By.id("email")).sendKeys(email);
    browser.findElement(By.id("city")).sendKeys("Dallas");
    browser.findElement(By.id("state")).sendKeys("TX");
    shot("1-storefront");
    chromium.shotNarrow("1-storefront");
    browser.findElement(By.id("pay")).click();

    // 2. Stripe's hosted checkout (the simulator): pay
    wait.until(ExpectedConditions.urlContains("/pay/cs_test_"));
    assertThat(browser.findElement(By.id("total")).getText()).contains("499.00");
    shot("2-checkout");
    browser.findElement(By.id("pay")).click();

    // 3. back on Plinth's success page, once the signed webhooks are processed
    wait.until(ExpectedConditions.urlContains("/t/" + t.slug() + "/success?session_id=cs_test_"));
    wait.until(ExpectedConditions.textToBe(By.id("title"), "Thank you, Mike's Windows LLC!"));
    assertThat(browser.findElement(By.id("place")).getText()).isEqualTo("Dallas, TX");
    assertThat(Integer.parseInt(browser.findElement(By.id("hours")).getText())).isBetween(71, 72);
    shot("3-success");

    assertThat(browser.findElement(By.id("main")).getText()).doesNotContain(email);

    // 4. the session's portal: this purchase only, and a way to see everything
    browser.findElement(By.id("portal-link")).click();
    wait.until(ExpectedConditions.textToBe(By.id("title"), "Your campaign, Mike's Windows LLC"));
    assertThat(browser.findElements(By.cssSelector("[data-campaign]"))).hasSize(1);
    assertThat(browser.findElement(By.cssSelector("[data-campaign] .status")).getText())
        .isEqualTo("scheduled");
    assertThat(browser.findElement(By.id("stat-campaigns")).getText()).isEqualTo("1");
    assertThat(browser.findElement(By.cssSelector("#stat-campaigns + span")).getText())
        .isEqualTo("campaign");
    assertThat(browser.findElement(By.cssSelector("#stat-appointments + span")).getText())
        .isEqualTo("appointments");
    assertThat(browser.findElement(By.id("empty")).isDisplayed()).isFalse();
    assertThat(browser.findElement(By.tagName("main")).getText()).doesNotContain(email);
    assertThat(browser.findElement(By.id("link-form")).isDisplayed()).isTrue();
    shot("4-portal-session");

    // 5. the customer asks for a link to all their campaigns
    browser.findElement(By.id("link-email")).sendKeys(email);
    browser.findElement(By.id("send-link")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("link-sent")));
    assertThat(browser.findElement(By.id("link-sent")).getText())
        .startsWith("Check your inbox")
        .contains("within 30 minutes");
    shot("5-link-sent");

    // 6. the emailed link opens the whole portal and keeps the customer in it
    String token = CampaignsIT.emailedLink(t, email).orElseThrow();
    String link = site + "/t/" + t.slug() + "/my-campaigns#link=" + token;
    browser.get(link);
    wait.until(ExpectedConditions.textToBe(By.id("title"), "Welcome back, Mike's Windows LLC!"));
    assertThat(browser.findElement(By.id("lead")).getText()).isEqualTo("Dallas, TX · " + email);
    assertThat(browser.getCurrentUrl()).doesNotContain(token);
    assertThat(browser.findElement(By.id("sign-out")).isDisplayed()).isTrue();
    assertThat(browser.findElement(By.id("ask")).isDisplayed()).isFalse();
    shot("6-portal-customer");
    chromium.shotNarrow("6-portal-customer");
    browser.navigate().refresh();
    wait.until(ExpectedConditions.textToBe(By.id("title"), "Welcome back, Mike's Windows LLC!"));
    assertThat(browser.findElements(By.cssSelector("[data-campaign]"))).hasSize(1);

    // 7. the link works once
    browser.get(link);
    wait.until(
        ExpectedConditions.textToBe(By.id("title"), "This link was already used or has expired"));
    assertThat(browser.findElement(By.id("link-form")).isDisplayed()).isTrue();
    shot("7-link-used");

    // 8. signing out forgets the cookie
    browser.get(site + "/t/" + t.slug() + "/my-campaigns");
    wait.until(ExpectedConditions.textToBe(By.id("title"), "Welcome back, Mike's Windows LLC!"));
    browser.findElement(By.id("sign-out")).click();
    wait.until(ExpectedConditions.textToBe(By.id("title"), "See your campaigns"));
    assertThat(browser.findElement(By.id("link-form")).isDisplayed()).isTrue();
    shot("8-signed-out");
  }

  /** A checkout of the Winter Special started through the API; its session id. */
  String checkout(TestTenant t, String business) {
    Reply r =
        client.post(
            "api/t/" + t.slug() + "/campaigns/checkout",
            null,
            CampaignsIT.buyer(business, "b-" + UUID.randomUUID() + "@example.com"));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().getString("sessionId");
  }

  @Test
  void aDeclinedPaymentAndAnExpiredCheckoutAreSaidPlainly() throws Exception {
    TestTenant t = stripeTenant("campaigns");
    String site = base.toString().replaceFirst("/$", "");
    String declined = checkout(t, "Declined Drywall");
    sim.payLater(declined, Delivery.normal());
    sim.settle(declined, false, Delivery.normal());
    browser.get(site + "/t/" + t.slug() + "/success?session_id=" + declined);
    wait.until(ExpectedConditions.textToBe(By.id("title"), "Your payment did not go through"));
    assertThat(browser.findElement(By.id("lead")).getText()).contains("nothing was charged");
    assertThat(browser.findElement(By.id("again")).isDisplayed()).isTrue();
    shot("9-payment-failed");
    browser.get(site + "/t/" + t.slug() + "/my-campaigns?session_id=" + declined);
    wait.until(ExpectedConditions.textToBe(By.id("title"), "Your payment did not go through"));
    shot("10-portal-payment-failed");

    String expired = checkout(t, "Idle Insulation");
    sim.expire(expired, Delivery.normal());
    browser.get(site + "/t/" + t.slug() + "/my-campaigns?session_id=" + expired);
    wait.until(ExpectedConditions.textToBe(By.id("title"), "This checkout expired"));
    assertThat(browser.findElement(By.id("lead")).getText()).contains("nothing was charged");
    shot("10-portal-checkout-expired");
  }

  @Test
  void unknownPagesAndSessionsSayNotFound() throws Exception {
    TestTenant t = client.onboard(ADMIN, "campaigns");
    String site = base.toString().replaceFirst("/$", "");
    browser.get(site + "/t/" + t.slug() + "/my-campaigns?session_id=cs_test_nothing");
    wait.until(ExpectedConditions.textToBe(By.id("title"), "We could not find your campaigns"));
    shot("11-portal-not-found");
    browser.get(site + "/t/no-such-shop-" + UUID.randomUUID().toString().substring(0, 6));
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Page not found");
    Reply page = client.get("t/" + t.slug() + "/nope", null);
    assertThat(page.status()).isEqualTo(404);
    String csp = page.header("Content-Security-Policy").orElseThrow();
    assertThat(csp).contains("default-src 'self'").contains("script-src 'nonce-");
    assertThat(csp).doesNotContain("unsafe-inline");
    // the page's scripts carry this response's nonce, and nothing else would run
    Reply store = client.get("t/" + t.slug(), null);
    String nonce =
        store
            .header("Content-Security-Policy")
            .orElseThrow()
            .replaceAll(".*'nonce-([^']+)'.*", "$1");
    assertThat(store.body()).contains("<script nonce=\"" + nonce + "\">");
  }
}
