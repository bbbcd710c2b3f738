package dev.plinth.it;

import static dev.plinth.it.WebhookIntakeIT.deliverSigned;
import static dev.plinth.it.WebhookIntakeIT.event;
import static dev.plinth.it.WebhookIntakeIT.newEventId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testkit.PlinthClient.Reply;
import dev.plinth.testkit.PlinthClient.TestTenant;
import dev.plinth.testkit.Poll;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A tenant's own console at {@code /t/{slug}/console} in a real headless Chromium: a one-time
 * sign-in link opens it (once), it shows that tenant's webhooks, errors and payments and never
 * another's, a payment is refunded from it, and the API key signs in from the keyboard. Screenshots
 * go to {@code target/screenshots/tenant-console-*.png}.
 */
class TenantConsoleBrowserIT extends BrowserIt {

  String main() {
    return browser.text("main");
  }

  void open(String view, String title) {
    browser.driver.findElement(By.cssSelector("#nav a[data-view='" + view + "']")).click();
    awaitTitle(title);
  }

  /** A checkout of the probe vertical, paid at the simulator and processed; its reference. */
  String paid(TestTenant t, long amount) {
    String reference = "console-" + UUID.randomUUID();
    Reply r =
        client.post(
            "api/t/" + t.slug() + "/probe/checkout",
            null,
            json("reference", reference, "amount", amount, "email", "b@example.com"));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    pay(t, r.json().getString("sessionId"));
    return reference;
  }

  /** The texts of a column of the page's first table, by its header. */
  List<String> column(String header) {
    WebElement table = browser.driver.findElement(By.cssSelector("#main table"));
    int i =
        table.findElements(By.cssSelector("thead th")).stream()
            .map(WebElement::getText)
            .toList()
            .indexOf(header);
    assertThat(i).as("column " + header).isNotNegative();
    return table.findElements(By.cssSelector("tbody tr")).stream()
        .map(tr -> tr.findElements(By.tagName("td")).get(i).getText())
        .toList();
  }

  /** Types into a filter field and applies the filters; waits for the page to come back. */
  void filterBy(String field, String value, String title) {
    WebElement input = browser.find("f-" + field);
    input.clear();
    input.sendKeys(value + Keys.ENTER);
    browser.await(ExpectedConditions.urlContains(field + "=" + value));
    awaitTitle(title);
  }

  String paymentStatus(TestTenant t) {
    return client
        .get("api/t/" + t.slug() + "/payments", t.apiKey())
        .json()
        .getJsonArray("payments")
        .stream()
        .map(JsonValue::asJsonObject)
        .findFirst()
        .map(p -> p.getString("status"))
        .orElse("none");
  }

  @Test
  void aSignInLinkOpensTheTenantsOwnConsoleThatShowsOnlyThatTenant() throws Exception {
    TestTenant mine = onboard("probe");
    TestTenant theirs = onboard("probe");
    // two checkouts, two references: the later (and newest payment) is 42.00
    String otherReference = paid(mine, 1700);
    String myReference = paid(mine, 4200);
    paid(theirs, 9900);
    String theirEvent = newEventId();
    assertThat(deliverSigned(base, theirs, event(theirEvent, null)).status()).isEqualTo(200);
    String name = "Tenant " + mine.slug();

    Reply link = client.post("api/t/" + mine.slug() + "/console/links", mine.apiKey(), null);
    assertThat(link.status()).as(link.body()).isEqualTo(201);
    String url = link.json().getString("url");
    browser.get(url);
    awaitTitle(name);
    // the link leaves the address as soon as it is used
    assertThat(browser.driver.getCurrentUrl()).isEqualTo(site + "/t/" + mine.slug() + "/console");
    assertThat(browser.driver.getTitle()).isEqualTo(name + " · " + name + " console");
    assertThat(main()).contains("42.00").contains("checkout.session.completed");
    assertThat(main()).doesNotContain("99.00").doesNotContain(theirs.slug());
    browser.shot("tenant-console-1-overview");
    browser.shotNarrow("tenant-console-1-overview");

    // a reload carries on with the session
    browser.driver.navigate().refresh();
    awaitTitle(name);

    open("webhooks", "Webhooks");
    assertThat(main()).contains("checkout.session.completed").doesNotContain(theirEvent);
    // the stats by type count the tenant's own: its one checkout event, not the other's
    List<String> checkouts =
        browser
            .driver
            .findElement(By.xpath("//table[starts-with(caption, 'Events by type')]"))
            .findElements(By.cssSelector("tbody tr"))
            .stream()
            .map(tr -> tr.findElements(By.tagName("td")).stream().map(WebElement::getText).toList())
            .filter(cells -> cells.get(0).equals("checkout.session.completed"))
            .findFirst()
            .orElseThrow();
    assertThat(checkouts.get(1)).as("events of the type").isEqualTo("2");
    browser.shot("tenant-console-2-webhooks");

    // one reference's events: its checkout's, not the other checkout's
    filterBy("reference", myReference, "Webhooks");
    List<String> references = column("Reference");
    assertThat(references).isNotEmpty().containsOnly(myReference);
    assertThat(main()).contains("checkout.session.completed").doesNotContain(otherReference);
    browser.shot("tenant-console-2-webhooks-reference");
    // and its errors, one link away: none
    browser.driver.findElement(By.linkText("Errors of this reference")).click();
    awaitTitle("Errors");
    assertThat(browser.find("f-reference").getAttribute("value")).isEqualTo(myReference);
    assertThat(main()).contains("No errors match these filters.");
    browser.driver.findElement(By.linkText("Webhook events of this reference")).click();
    awaitTitle("Webhooks");
    // a reference no checkout carries finds nothing
    filterBy("reference", "no-such-reference", "Webhooks");
    assertThat(main()).contains("No events match these filters.");

    open("errors", "Errors");
    assertThat(main()).contains("No errors recorded.");
    browser.shot("tenant-console-3-errors");

    open("payments", "Payments and refunds");
    assertThat(main()).contains("42.00").contains("17.00").doesNotContain("99.00");
    assertThat(browser.driver.findElements(By.cssSelector("button[data-refund]"))).hasSize(2);
    browser.driver.findElement(By.cssSelector("button[data-refund]")).click();
    browser.await(ExpectedConditions.elementToBeClickable(By.cssSelector("button[data-confirm]")));
    browser.shot("tenant-console-4-refund");
    browser.driver.findElement(By.cssSelector("button[data-confirm]")).click();
    browser.await(
        ExpectedConditions.textToBePresentInElementLocated(By.id("main"), "Refunded $42.00"));
    Poll.until(() -> paymentStatus(mine), "refunded"::equals, "the refund recorded");
    browser.driver.navigate().refresh();
    awaitTitle("Payments and refunds");
    // the refunded payment has no refund button left; the other one keeps its own
    assertThat(browser.driver.findElements(By.cssSelector("button[data-refund]"))).hasSize(1);
    browser.shot("tenant-console-4-payments");

    // signing out ends it; the link does not open a second time
    browser.find("sign-out").click();
    browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("main"), "signed out"));
    browser.get(url);
    browser.await(
        ExpectedConditions.textToBePresentInElementLocated(By.id("main"), "already used"));
    browser.shot("tenant-console-0-sign-in");
    assertThat(main()).contains("API key");
  }

  @Test
  void theApiKeySignsInFromTheKeyboardAndTheConsoleOfAnotherTenantStaysShut() {
    TestTenant mine = client.onboard(ADMIN, "probe");
    TestTenant theirs = client.onboard(ADMIN, "probe");
    browser.get(site + "/t/" + mine.slug() + "/console/webhooks");
    browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
    // the key field has the focus: type the key and press Enter
    browser.driver.switchTo().activeElement().sendKeys("not-a-key" + Keys.ENTER);
    browser.await(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("sign-in-error"), "not the API key"));
    // the focus is back in the key field, marked invalid
    assertThat(browser.driver.switchTo().activeElement().getAttribute("id")).isEqualTo("token");
    assertThat(browser.find("token").getAttribute("aria-invalid")).isEqualTo("true");
    browser.find("token").clear();
    browser.find("token").sendKeys(mine.apiKey() + Keys.ENTER);
    awaitTitle("Webhooks");
    assertThat(main())
        .contains("No webhook events yet.")
        .contains("No events in the last 24 hours.");

    // the same browser at another tenant's console has no session there
    browser.get(site + "/t/" + theirs.slug() + "/console");
    browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
    // and the other tenant's key is not this one's
    browser.find("token").sendKeys(mine.apiKey() + Keys.ENTER);
    browser.await(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("sign-in-error"), "not the API key"));
  }
}
