package dev.plinth.it;

import static dev.plinth.it.WebhookIntakeIT.deliverSigned;
import static dev.plinth.it.WebhookIntakeIT.event;
import static dev.plinth.it.WebhookIntakeIT.newEventId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testkit.PlinthClient.Reply;
import dev.plinth.testkit.PlinthClient.TestTenant;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The platform admin console at {@code /admin} in a real headless Chromium: signing in with the
 * admin token and out again, a delivery arriving on the overview's chart and in the webhooks list,
 * an event replayed with its new attempt, an error group resolved, a tenant suspended (its
 * storefront answers 403) and resumed, the CSRF wall, and a walk through with the keyboard alone.
 * Screenshots of every view go to {@code target/screenshots/console-*.png}.
 */
class AdminConsoleBrowserIT extends BrowserIt {

  /** Opens a view of the console and signs in there with the admin token. */
  void signInAt(String path, String title) {
    browser.get(site + path);
    browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
    browser.find("token").sendKeys(ADMIN);
    browser.find("sign-in-button").click();
    awaitTitle(title);
  }

  /** A fetch from inside the page (its cookie, no CSRF token): "status code". */
  @SuppressWarnings("unchecked")
  Map<String, Object> fetchInPage(String method, String path) {
    return (Map<String, Object>)
        ((JavascriptExecutor) browser.driver)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "fetch(arguments[1], {method: arguments[0]})"
                    + ".then(r => r.json().catch(() => ({})).then(b => done({status: r.status,"
                    + " error: b.error || null})))",
                method,
                path);
  }

  /** Delivers a signed checkout.session.completed to the tenant; its Stripe event id. */
  String deliver(TestTenant t) {
    String eventId = newEventId();
    Reply r = deliverSigned(base, t, event(eventId, null, "checkout.session.completed"));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return eventId;
  }

  /** The admin API's row for a Stripe event once it is processed. */
  JsonObject processed(TestTenant t, String eventId) {
    return awaitEvent(t, eventId, e -> e.getString("status").equals("completed"));
  }

  /**
   * The chart's received total, read in one script: the overview redraws every 10 seconds, so an
   * element found first and read after may be gone.
   */
  String receivedTotal() {
    return (String)
        browser.script(
            "const l = document.querySelector(\"svg.chart polyline[data-series='received']\");"
                + " return l ? l.getAttribute('data-total') : '-1';");
  }

  @Test
  void anAdminSignsInSeesADeliveryArriveReplaysItAndSignsOut() throws Exception {
    TestTenant t = client.onboard(ADMIN, "probe");

    // 1. the console asks for the admin token; a wrong one is refused in place
    browser.get(site + "/admin");
    browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in")));
    awaitTitle("Sign in to the console");
    assertThat(browser.find("nav").isDisplayed()).isFalse();
    assertThat(browser.driver.findElement(By.cssSelector("label[for='token']")).getText())
        .isEqualTo("Admin token");
    browser.find("token").sendKeys("not-the-admin-token");
    browser.find("sign-in-button").click();
    browser.await(
        ExpectedConditions.textToBe(By.id("sign-in-error"), "That is not the admin token."));
    assertThat(browser.find("token").getAttribute("aria-invalid")).isEqualTo("true");
    browser.shot("console-0-sign-in");
    browser.shotNarrow("console-0-sign-in");
    browser.find("token").clear();
    browser.find("token").sendKeys(ADMIN);
    browser.find("sign-in-button").click();
    awaitTitle("Overview");

    // the token is kept nowhere in the browser, and no script can read the cookie
    assertThat(
            (String)
                browser.script(
                    "return JSON.stringify(localStorage) + JSON.stringify(sessionStorage)"
                        + " + document.cookie"))
        .doesNotContain(ADMIN)
        .doesNotContain("plinth_admin");

    // 2. the overview: readiness, the figures, and the chart of the last 6 hours
    browser.await(ExpectedConditions.presenceOfElementLocated(By.cssSelector("svg.chart")));
    assertThat(browser.text("stat-ready")).isEqualTo("UP");
    assertThat(
            browser.driver.findElements(
                By.cssSelector("section[aria-labelledby='h-readiness'] tbody tr")))
        .isNotEmpty();
    assertChartDrawsItsData();
    int before = Integer.parseInt(receivedTotal());
    String first = deliver(t);
    // the overview refreshes by itself
    browser.await(d -> Integer.parseInt(receivedTotal()) > before);
    assertChartDrawsItsData();
    assertThat(
            browser.script(
                "return document.querySelector(\"[data-total='received']\").textContent.trim()"))
        .isEqualTo(receivedTotal());
    browser.shot("console-1-overview");
    browser.shotNarrow("console-1-overview");

    // 3. the webhooks page: a new delivery comes in on top while it is open
    browser.driver.findElement(By.cssSelector("#nav a[data-view='webhooks']")).click();
    awaitTitle("Webhooks");
    processed(t, first);
    String second = deliver(t);
    By row = By.xpath("//tr[.//code[text()='" + second + "']]");
    browser.await(ExpectedConditions.presenceOfElementLocated(row));
    assertThat(browser.driver.findElement(row).getText()).contains(t.slug());
    WebElement received = browser.driver.findElement(row).findElement(By.tagName("time"));
    assertThat(received.getAttribute("title"))
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z")
        .isEqualTo(received.getAttribute("datetime"));
    JsonObject event = processed(t, second);
    browser.await(
        d ->
            d.findElement(row)
                .findElement(By.cssSelector(".status"))
                .getText()
                .equals("completed"));
    browser.shot("console-2-webhooks");
    browser.shotNarrow("console-2-webhooks");

    // 4. the event: its attempts and payload; replay it and see the new attempt
    browser.driver.findElement(row).findElement(By.linkText("checkout.session.completed")).click();
    browser.await(ExpectedConditions.urlContains("/admin/webhooks/" + event.getString("id")));
    awaitTitle("checkout.session.completed");
    By attempts = By.cssSelector("section[aria-labelledby='h-attempts'] tbody tr");
    assertThat(browser.driver.findElements(attempts)).hasSize(1);
    assertThat(browser.driver.findElement(By.cssSelector("pre.payload")).getText())
        .contains("\"id\": \"" + second + "\"");
    browser.find("replay").click();
    browser.await(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("#replay + .outcome"), "Replayed: the new attempt completed."));
    assertThat(browser.driver.findElements(attempts)).hasSize(2);
    browser.shot("console-3-event");
    browser.shotNarrow("console-3-event");

    // the event's tenant: its latest deliveries hold both events
    browser
        .driver
        .findElement(By.cssSelector("dl.facts"))
        .findElement(By.linkText(t.slug()))
        .click();
    awaitTitle(client.get("api/tenants/" + t.slug(), ADMIN).json().getString("name"));
    browser.await(
        ExpectedConditions.numberOfElementsToBe(
            By.cssSelector("section[aria-labelledby='h-recent-deliveries'] tbody tr"), 2));
    browser.shot("console-6-tenant");
    browser.shotNarrow("console-6-tenant");

    // 5. the audit shows the replay, by this session
    browser.driver.findElement(By.cssSelector("#nav a[data-view='audit']")).click();
    awaitTitle("Audit");
    WebElement replayed =
        browser.driver.findElement(
            By.xpath(
                "//tr[.//code[text()='POST /api/admin/webhooks/{id}/replay']"
                    + " and .//li[contains(., '"
                    + event.getString("id")
                    + "')]]"));
    assertThat(replayed.getText()).contains("session:").contains("200");
    browser.shot("console-8-audit");
    browser.shotNarrow("console-8-audit");

    // 6. signing out ends the session: the API refuses the cookie, a reload asks again
    browser.find("sign-out").click();
    browser.await(ExpectedConditions.textToBe(By.id("sign-in-note"), "You are signed out."));
    assertThat(fetchInPage("GET", "/api/admin/webhooks?limit=1")).containsEntry("status", 401L);
    browser.driver.navigate().refresh();
    awaitTitle("Sign in to the console");
  }

  /**
   * The chart's lines have one point a minute of the period, and each line's highest point is at
   * the height of its largest value, on the chart's scale.
   */
  /** As {@link #checkChart}, again if the overview's redraw replaced the chart meanwhile. */
  void assertChartDrawsItsData() {
    for (int attempt = 1; ; attempt++) {
      try {
        checkChart();
        return;
      } catch (StaleElementReferenceException e) {
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  void checkChart() {
    WebElement svg = browser.driver.findElement(By.cssSelector("svg.chart"));
    int points = Integer.parseInt(svg.getAttribute("data-points"));
    assertThat(points).isEqualTo(6 * 60);
    double top = Double.parseDouble(svg.getAttribute("data-top"));
    List<WebElement> lines = svg.findElements(By.cssSelector("polyline[data-series]"));
    assertThat(lines)
        .extracting(l -> l.getAttribute("data-series"))
        .containsExactly("received", "processed", "failed");
    for (WebElement line : lines) {
      double[] ys =
          Arrays.stream(line.getAttribute("points").split(" "))
              .mapToDouble(p -> Double.parseDouble(p.split(",")[1]))
              .toArray();
      assertThat(ys).hasSize(points);
      double max = Double.parseDouble(line.getAttribute("data-max"));
      assertThat(max).isLessThanOrEqualTo(top);
      // the plot is 160 pixels high, from y = 12 down to y = 172
      double highest = Arrays.stream(ys).min().orElseThrow();
      assertThat(highest).isCloseTo(172 - max / top * 160, Offset.offset(0.1));
    }
    assertThat(svg.findElement(By.tagName("title")).getAttribute("textContent"))
        .isEqualTo("Webhook events per minute, last 6 hours");
    assertThat(svg.findElement(By.tagName("desc")).getAttribute("textContent"))
        .startsWith(lines.get(0).getAttribute("data-total") + " received, ");
  }

  /**
   * chart.js on its own, in the page as the console loads it: given five minutes of figures, it
   * draws one point a minute at the height of each value on a scale whose top is the next of 2, 4,
   * 6, 10, 20..., and says what it shows in words.
   */
  @Test
  void theChartDrawsTheMinutesItIsGiven() {
    browser.get(site + "/admin");
    awaitTitle("Sign in to the console");
    @SuppressWarnings("unchecked")
    List<String> drawn =
        (List<String>)
            browser.script(
                "const series = {from: '2026-12-01T10:00:00Z', stepSeconds: 60,"
                    + " received: [0, 1, 2, 5, 0], processed: [0, 1, 2, 4, 0],"
                    + " failed: [0, 0, 0, 1, 3]};"
                    + "const svg = PlinthChart.draw(series, 400, 'Five minutes');"
                    + "const rows = PlinthChart.rows(series, 2);"
                    + "return [svg.getAttribute('data-top'), svg.querySelector('title').textContent,"
                    + " svg.querySelector('desc').textContent,"
                    + " [...svg.querySelectorAll('.axis text')].map(t => t.textContent).join('|'),"
                    + " ...[...svg.querySelectorAll('polyline')].map(p => p.getAttribute('points')),"
                    + " JSON.stringify(rows.map(r => [r.received, r.processed, r.failed]))];");
    // 400 pixels wide: the plot runs from x = 40 to 388, one point every 87; y from 172 (0) to 12
    assertThat(drawn.get(0)).isEqualTo("6");
    assertThat(drawn.get(1)).isEqualTo("Five minutes");
    assertThat(drawn.get(2))
        .startsWith("8 received, 7 processed, 4 failed. Busiest minute: 5 received at ");
    assertThat(drawn.get(3)).startsWith("0|3|6");
    assertThat(drawn.get(4)).isEqualTo("40.0,172.0 127.0,145.3 214.0,118.7 301.0,38.7 388.0,172.0");
    assertThat(drawn.get(5)).isEqualTo("40.0,172.0 127.0,145.3 214.0,118.7 301.0,65.3 388.0,172.0");
    assertThat(drawn.get(6)).isEqualTo("40.0,172.0 127.0,172.0 214.0,172.0 301.0,145.3 388.0,92.0");
    // the table beside it: periods of 3 minutes, newest first
    assertThat(drawn.get(7)).isEqualTo("[[5,4,4],[3,3,0]]");
  }

  @Test
  void anAdminResolvesAnErrorAndSuspendsAndResumesATenant() throws Exception {
    TestTenant probe = client.onboard(ADMIN, "probe");
    // the probe's handler refuses charge.failed: a webhook error beside the API error below
    String refused = newEventId();
    Reply delivered = deliverSigned(base, probe, event(refused, null, "charge.failed"));
    assertThat(delivered.status()).as(delivered.body()).isEqualTo(200);
    String refusedId =
        awaitEvent(probe, refused, e -> e.getString("status").equals("failed")).getString("id");
    Reply failed = client.get("api/t/" + probe.slug() + "/probe/unscoped", probe.apiKey());
    assertThat(failed.status()).isEqualTo(500);
    String errorId = failed.json().getString("errorId");
    TestTenant shop = client.onboard(ADMIN, "reservations");
    String shopName = client.get("api/tenants/" + shop.slug(), ADMIN).json().getString("name");
    assertThat(client.get("t/" + shop.slug(), null).status()).isEqualTo(200);

    // 1. the errors, grouped: every tenant's, then the probe's group, resolved in one go
    signInAt("/admin/errors", "Errors");
    browser.await(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tbody tr")));
    browser.shot("console-4-errors");
    browser.shotNarrow("console-4-errors");
    browser.get(site + "/admin/errors?category=api&tenant=" + probe.slug());
    awaitTitle("Errors");
    By resolve = By.cssSelector("button[aria-label^='Resolve']");
    browser.await(ExpectedConditions.numberOfElementsToBe(resolve, 1));
    assertThat(browser.driver.findElement(By.tagName("tbody")).getText()).contains("api", "error");
    browser.driver.findElement(resolve).click();
    browser.await(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector(".outcome"), "Resolved 1 entry."));
    assertThat(
            client
                .get("api/admin/errors?resolved=true&tenant=" + probe.slug(), ADMIN)
                .json()
                .getJsonArray("errors")
                .getJsonObject(0)
                .getString("id"))
        .isEqualTo(errorId);
    browser.driver.navigate().refresh();
    awaitTitle("Errors");
    browser.await(
        ExpectedConditions.textToBe(By.cssSelector("p.empty"), "No errors match these filters."));

    // the failed event shows the error its processing recorded
    browser.get(site + "/admin/webhooks/" + refusedId);
    awaitTitle("charge.failed");
    browser.await(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("section[aria-labelledby='h-errors'] tbody"), "failed on attempt"));
    browser.shot("console-3-event-failed");

    // 2. the tenants, all and searched; the shop's page
    browser.get(site + "/admin/tenants");
    awaitTitle("Tenants");
    browser.await(ExpectedConditions.presenceOfElementLocated(By.linkText(shopName)));
    browser.shot("console-5-tenants");
    browser.shotNarrow("console-5-tenants");
    browser.get(site + "/admin/tenants?q=" + shop.slug());
    awaitTitle("Tenants");
    browser.await(ExpectedConditions.numberOfElementsToBe(By.cssSelector("tbody tr"), 1));
    browser.driver.findElement(By.linkText(shopName)).click();
    awaitTitle(shopName);
    assertThat(browser.driver.findElement(By.cssSelector("dl.facts")).getText())
        .contains("reservations", "active", "direct");
    browser.shot("console-6-tenant-new");

    // 3. suspend, after a confirmation: the storefront answers 403; resume: 200 again
    browser.find("suspend").click();
    browser.await(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-confirm]")));
    browser.shot("console-6-tenant-suspend");
    browser.driver.findElement(By.cssSelector("[data-confirm]")).click();
    browser.await(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector(".confirm"), shopName + " is suspended."));
    assertThat(client.get("t/" + shop.slug(), null).status()).isEqualTo(403);
    assertThat(browser.driver.findElement(By.cssSelector("dl.facts .status")).getText())
        .isEqualTo("suspended");
    browser.find("resume").click();
    browser.driver.findElement(By.cssSelector("[data-confirm]")).click();
    browser.await(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector(".confirm"), shopName + " is active again."));
    assertThat(client.get("t/" + shop.slug(), null).status()).isEqualTo(200);

    // 4. jobs and notifications: run a vertical's job now; its run shows in the history
    browser.driver.findElement(By.cssSelector("#nav a[data-view='jobs']")).click();
    awaitTitle("Jobs and notifications");
    // Other test classes ran jobs under a clock moved days ahead, so their runs sort above this
    // one: page the history from the platform's now (plus a minute), as an "Older" link would.
    Instant now = Instant.parse(client.get("api/admin/clock", ADMIN).json().getString("now"));
    browser.get(
        site
            + "/admin/jobs?before="
            + now.plusSeconds(60)
            + "_ffffffff-ffff-ffff-ffff-ffffffffffff");
    awaitTitle("Jobs and notifications");
    browser
        .driver
        .findElement(By.cssSelector("button[aria-label='Run reservations/expire-holds now']"))
        .click();
    browser.await(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("job-outcome"), "reservations/expire-holds: ran for"));
    browser.await(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("section[aria-labelledby='h-runs'] tbody"),
            "reservations/expire-holds"));
    assertThat(browser.driver.switchTo().activeElement().getAttribute("id"))
        .isEqualTo("job-outcome");
    browser.shot("console-7-jobs");
    browser.shotNarrow("console-7-jobs");
  }

  @Test
  void aStateChangingRequestWithoutTheCsrfTokenIsRefused() {
    TestTenant t = client.onboard(ADMIN, "probe");
    String eventId = processed(t, deliver(t)).getString("id");
    signInAt("/admin/audit", "Audit");

    // the page's cookie reads, but changes nothing without the CSRF token
    assertThat(fetchInPage("GET", "/api/admin/webhooks/" + eventId)).containsEntry("status", 200L);
    assertThat(fetchInPage("POST", "/api/admin/webhooks/" + eventId + "/replay"))
        .containsEntry("status", 403L)
        .containsEntry("error", "csrf_failed");
    assertThat(fetchInPage("POST", "/api/admin/tenants/" + t.slug() + "/suspend"))
        .containsEntry("status", 403L);
    assertThat(fetchInPage("DELETE", "/api/admin/session")).containsEntry("status", 403L);
    assertThat(client.get("api/tenants/" + t.slug(), ADMIN).json().getString("status"))
        .isEqualToIgnoringCase("active");
  }

  /** What has the keyboard's focus: its id, or its text. */
  String focused() {
    WebElement e = browser.driver.switchTo().activeElement();
    String id = e.getAttribute("id");
    return id == null || id.isEmpty() ? e.getText() : "#" + id;
  }

  void press(CharSequence key) {
    new Actions(browser.driver).sendKeys(key).perform();
  }

  @Test
  void theConsoleWorksWithTheKeyboardAlone() throws Exception {
    TestTenant shop = client.onboard(ADMIN, "reservations");
    String shopName = client.get("api/tenants/" + shop.slug(), ADMIN).json().getString("name");

    // sign in: the token field has the focus; type and press Enter; the focus goes to the title
    browser.get(site + "/admin/tenants");
    browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
    assertThat(focused()).isEqualTo("#token");
    press(ADMIN);
    press(Keys.ENTER);
    awaitTitle("Tenants");
    assertThat(focused()).isEqualTo("#title");

    // search: Tab into the form, type, Tab past the status to the button, Enter
    press(Keys.TAB);
    assertThat(focused()).isEqualTo("#f-q");
    press(shop.slug());
    press(Keys.TAB);
    assertThat(focused()).isEqualTo("#f-status");
    press(Keys.TAB);
    assertThat(focused()).isEqualTo("Search");
    press(Keys.ENTER);
    browser.await(ExpectedConditions.urlContains("q=" + shop.slug()));
    browser.await(ExpectedConditions.numberOfElementsToBe(By.cssSelector("tbody tr"), 1));

    // a new page: the skip link comes first and leads past the navigation
    press(Keys.TAB);
    assertThat(focused()).isEqualTo("#skip");
    press(Keys.ENTER);
    press(Keys.TAB);
    assertThat(focused()).isEqualTo("#f-q");
    press(Keys.TAB);
    press(Keys.TAB);
    press(Keys.TAB);
    assertThat(focused()).isEqualTo("Clear");
    press(Keys.TAB);
    assertThat(focused()).isEqualTo(shopName);
    press(Keys.ENTER);
    awaitTitle(shopName);

    // the tenant's page: to the suspend button; the confirmation takes the focus; cancel it
    press(Keys.TAB);
    press(Keys.ENTER);
    for (int i = 0; i < 10 && !focused().equals("#suspend"); i++) {
      press(Keys.TAB);
    }
    assertThat(focused()).isEqualTo("#suspend");
    press(Keys.ENTER);
    assertThat(focused()).isEqualTo("Suspend the tenant");
    press(Keys.ESCAPE);
    assertThat(browser.driver.findElements(By.cssSelector(".confirm"))).isEmpty();
    assertThat(focused()).isEqualTo("#suspend");
    assertThat(client.get("api/tenants/" + shop.slug(), ADMIN).json().getString("status"))
        .isEqualToIgnoringCase("active");

    // the focus is always visible
    new Actions(browser.driver).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
    assertThat(focused()).isEqualTo("/t/" + shop.slug());
    press(Keys.TAB);
    assertThat(focused()).isEqualTo("#suspend");
    assertThat(browser.script("return getComputedStyle(document.activeElement).outlineStyle"))
        .isNotEqualTo("none");
  }
}
