package dev.plinth.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testkit.PlinthClient.TestTenant;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The events pages in headless Chromium: a client opens the pay page from the emailed link, pays on
 * the simulator's hosted page, lands on the success page and opens the gallery; a gallery that is
 * not paid stays locked, and a cancelled event's pay page says so.
 */
class EventsBrowserIT extends BrowserIt {

  String create(TestTenant t, String title) {
    return created(
            client.post(
                "api/t/" + t.slug() + "/events",
                t.apiKey(),
                json(
                    "title", title,
                    "startsAt", "2026-12-24T18:00:00Z",
                    "venue", "Old Town Hall, Bristol",
                    "priceAmount", 45000,
                    "currency", "usd",
                    "clientEmail", "ada@example.com",
                    "galleryUrl", "https://photos.example.com/ada-and-sam",
                    "notes", "120 edited photos; prints can be ordered from the gallery.")))
        .getString("id");
  }

  @Test
  void aClientPaysFromThePayPageAndOpensTheGallery() throws Exception {
    TestTenant t = onboard("events");
    String id = create(t, "Ada & Sam: wedding photography");
    browser.get(site + "/t/" + t.slug() + "/pay?event=" + id);
    awaitTitle("Pay for your event");
    assertThat(browser.text("name")).isEqualTo("Ada & Sam: wedding photography");
    assertThat(browser.text("pay")).isEqualTo("Pay $450.00");
    browser.shot("events-1-pay");
    browser.shotNarrow("events-1-pay");

    browser.find("pay").click();
    browser.await(ExpectedConditions.urlContains("/pay/cs_test_"));
    assertThat(browser.find("email").getAttribute("value")).isEqualTo("ada@example.com");
    browser.find("pay").click();
    browser.await(ExpectedConditions.urlContains("/success?event=" + id));
    awaitTitle("Thank you, your payment went through");
    browser.shot("events-2-success");
    browser.shotNarrow("events-2-success");

    browser.find("next-link").click();
    awaitTitle("Your gallery");
    assertThat(browser.text("venue")).isEqualTo("Old Town Hall, Bristol");
    assertThat(browser.find("open").getAttribute("href"))
        .isEqualTo("https://photos.example.com/ada-and-sam");
    browser.shot("events-3-gallery");
    browser.shotNarrow("events-3-gallery");

    browser.get(site + "/t/" + t.slug() + "/pay?event=" + id);
    awaitTitle("This event is paid");
    assertThat(browser.find("pay").isDisplayed()).as("a paid event offers no payment").isFalse();

    cancel(t, id);
    browser.get(site + "/t/" + t.slug() + "/pay?event=" + id);
    awaitTitle("This event was cancelled");
    assertThat(browser.text("note")).isEqualTo("Your payment of $450.00 was refunded in full.");
  }

  void cancel(TestTenant t, String id) {
    assertThat(
            client
                .post("api/t/" + t.slug() + "/events/" + id + "/cancel", t.apiKey(), null)
                .status())
        .isEqualTo(200);
  }

  @Test
  void anUnpaidGalleryStaysLockedAndACancelledEventCannotBePaid() throws Exception {
    TestTenant t = onboard("events");
    String id = create(t, "Portrait session");
    browser.get(site + "/t/" + t.slug() + "/gallery?event=" + id);
    awaitTitle("This gallery is locked");
    assertThat(browser.text("lead")).contains("once the event is paid");
    browser.shot("events-4-locked");

    cancel(t, id);
    browser.get(site + "/t/" + t.slug() + "/pay?event=" + id);
    awaitTitle("This event was cancelled");
    assertThat(browser.text("note")).isEqualTo("No payment was taken, and nothing is left to pay.");
    assertThat(browser.find("pay").isDisplayed()).isFalse();
    browser.shotNarrow("events-5-cancelled");
  }
}
