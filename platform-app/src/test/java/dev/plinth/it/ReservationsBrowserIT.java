package dev.plinth.it;

import static dev.plinth.it.ReservationsIT.path;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.testkit.PlinthClient.Reply;
import dev.plinth.testkit.PlinthClient.TestTenant;
import dev.plinth.testkit.Poll;
import dev.plinth.testkit.stripe.Delivery;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A customer's deposit in a real headless Chromium: the listings, an item and its deposit form, the
 * Stripe simulator's hosted checkout, the success page waiting for the confirmation, and the
 * reservation's page; then the states a customer can meet on the way (nothing listed, an item
 * someone else holds, a cancelled payment, unknown links, a refunded payment). Screenshots go to
 * {@code target/screenshots/reservations-*.png}.
 */
class ReservationsBrowserIT extends BrowserIt {

  String newItem(TestTenant t, String name, String description, long price, long deposit) {
    Reply r =
        client.post(
            path(t, "items"),
            t.apiKey(),
            "{\"name\":\""
                + name
                + "\",\"description\":\""
                + description
                + "\",\"priceAmount\":"
                + price
                + ",\"depositAmount\":"
                + deposit
                + ",\"currency\":\"usd\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().getString("id");
  }

  /** Another customer starts a deposit on the item, through the API; returns the session id. */
  String someoneElseHolds(TestTenant t, String itemId) {
    Reply r =
        client.postFrom(
            "10.7.0." + (int) (Math.random() * 250),
            path(t, "items/" + itemId + "/deposit"),
            null,
            "{\"email\":\"other-" + UUID.randomUUID() + "@example.com\",\"name\":\"Other Buyer\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().getString("sessionId");
  }

  String itemStatus(TestTenant t, String itemId) {
    return client.get(path(t, "items/" + itemId), null).json().getString("status");
  }

  @Test
  void aCustomerPaysADepositAndSeesTheReservationConfirmed() throws Exception {
    TestTenant t = stripeTenant("reservations");
    String biscuit = newItem(t, "Biscuit", "Golden retriever, 9 weeks, vaccinated", 150000, 25000);
    newItem(t, "Maple", "Golden retriever, 10 weeks, loves water", 140000, 20000);
    someoneElseHolds(t, newItem(t, "Pepper", "Golden retriever, 8 weeks", 150000, 25000));

    // 1. the listings: what can be reserved first, with its deposit as money
    browser.get(site + "/t/" + t.slug());
    browser.await(ExpectedConditions.numberOfElementsToBe(By.cssSelector("[data-item]"), 3));
    String card = "[data-item='" + biscuit + "']";
    assertThat(browser.driver.findElement(By.cssSelector(card)).getText())
        .contains("Biscuit", "Golden retriever, 9 weeks, vaccinated", "$250.00 deposit")
        .contains("Available", "Full price $1,500.00");
    assertThat(browser.driver.findElements(By.cssSelector("[data-item] .status.held")))
        .singleElement()
        .satisfies(e -> assertThat(e.getText()).isEqualTo("On hold"));
    assertThat(browser.find("empty").isDisplayed()).isFalse();
    browser.shot("reservations-1-list");
    browser.shotNarrow("reservations-1-list");

    // 2. the item and its deposit form
    browser.driver.findElement(By.cssSelector(card + " .button")).click();
    awaitTitle("Biscuit");
    assertThat(browser.text("deposit")).isEqualTo("$250.00");
    assertThat(browser.text("availability")).isEqualTo("Available");
    browser.find("name").sendKeys("Ann Buyer");
    browser.find("email").sendKeys("ann at example.com");
    browser.find("pay").click();
    browser.await(
        ExpectedConditions.textToBe(By.id("form-error"), "Email must be an email address."));
    assertThat(browser.find("email").getAttribute("aria-invalid")).isEqualTo("true");
    browser.shot("reservations-2-form-error");
    browser.shotNarrow("reservations-2-form-error");
    browser.find("email").clear();
    browser.find("email").sendKeys("ann-" + UUID.randomUUID() + "@example.com");
    browser.shot("reservations-2-item");
    browser.find("pay").click();

    // 3. Stripe's hosted checkout (the simulator): pay
    browser.await(ExpectedConditions.urlContains("/pay/cs_test_"));
    assertThat(browser.text("total")).contains("250.00");
    browser.shot("reservations-3-checkout");
    browser.find("pay").click();

    // 4. the success page waits for the signed webhooks to confirm the deposit
    browser.await(
        ExpectedConditions.urlContains("/t/" + t.slug() + "/success?session_id=cs_test_"));
    awaitTitle("Thank you! Your deposit is paid");
    assertThat(browser.text("state")).isEqualTo("Reserved for you");
    assertThat(browser.text("lead")).startsWith("Biscuit is reserved for you.");
    assertThat(itemStatus(t, biscuit)).isEqualTo("reserved");
    browser.shot("reservations-4-success");

    // 5. the reservation's own page
    browser.find("next").click();
    browser.await(ExpectedConditions.urlContains("/t/" + t.slug() + "/reservation?session_id="));
    awaitTitle("Your deposit is paid");
    assertThat(browser.text("item-name")).isEqualTo("Biscuit");
    assertThat(browser.text("deposit")).isEqualTo("$250.00");
    assertThat(browser.find("hold").isDisplayed()).isFalse();
    browser.shot("reservations-5-status");

    // the listings now say so, and the item page offers no form
    browser.get(site + "/t/" + t.slug() + "/item?id=" + biscuit);
    awaitTitle("Biscuit");
    browser.await(ExpectedConditions.textToBe(By.id("availability"), "Reserved"));
    assertThat(browser.text("lead")).isEqualTo("This one is already reserved by another customer.");
    assertThat(browser.find("deposit-form").isDisplayed()).isFalse();
  }

  @Test
  void anItemSomeoneElseHoldsOffersNoFormAndAnEmptyShopSaysSo() throws Exception {
    TestTenant t = stripeTenant("reservations");
    browser.get(site + "/t/" + t.slug());
    browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("empty")));
    assertThat(browser.text("empty"))
        .isEqualTo("Nothing is listed just now. Please check back soon.");
    browser.shot("reservations-6-empty");

    String pepper = newItem(t, "Pepper", "Golden retriever, 8 weeks", 150000, 25000);
    someoneElseHolds(t, pepper);
    browser.get(site + "/t/" + t.slug() + "/item?id=" + pepper);
    awaitTitle("Pepper");
    browser.await(ExpectedConditions.textToBe(By.id("availability"), "On hold"));
    assertThat(browser.text("lead")).startsWith("Another customer is paying a deposit");
    assertThat(browser.find("deposit-form").isDisplayed()).isFalse();
    browser.shot("reservations-7-unavailable");

    browser.get(site + "/t/" + t.slug() + "/item?id=" + UUID.randomUUID());
    awaitTitle("We could not find this item");
    browser.shot("reservations-8-item-not-found");
    browser.get(site + "/t/" + t.slug() + "/item");
    awaitTitle("We could not find this item");
    browser.get(site + "/t/" + t.slug() + "/reservation?session_id=cs_test_nothing");
    awaitTitle("We could not find this reservation");
    browser.shot("reservations-9-reservation-not-found");
    browser.get(site + "/t/" + t.slug() + "/success");
    awaitTitle("We could not find this reservation");
  }

  @Test
  void aCustomerWhoCancelsAtStripeCanGoBackToPay() throws Exception {
    TestTenant t = stripeTenant("reservations");
    String maple = newItem(t, "Maple", "Golden retriever, 10 weeks", 140000, 20000);
    browser.get(site + "/t/" + t.slug() + "/item?id=" + maple);
    awaitTitle("Maple");
    browser.find("name").sendKeys("Bo Buyer");
    browser.find("email").sendKeys("bo-" + UUID.randomUUID() + "@example.com");
    browser.find("pay").click();
    browser.await(ExpectedConditions.urlContains("/pay/cs_test_"));
    String checkout = browser.driver.getCurrentUrl();
    browser.find("cancel").click();

    // back on the item page: the customer's own hold, and the way back to Stripe's page
    browser.await(ExpectedConditions.urlContains("/t/" + t.slug() + "/item?id=" + maple));
    browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("unpaid")));
    assertThat(browser.find("deposit-form").isDisplayed()).isFalse();
    assertThat(browser.find("resume").getAttribute("href")).isEqualTo(checkout);
    assertThat(browser.text("availability")).isEqualTo("Held for you");
    browser.shot("reservations-10-cancelled");
    browser.find("resume").click();
    browser.await(ExpectedConditions.urlToBe(checkout));
    assertThat(itemStatus(t, maple)).isEqualTo("held");
  }

  @Test
  void aPaymentOfTheWrongAmountShowsAsRefunded() throws Exception {
    TestTenant t = stripeTenant("reservations");
    String item = newItem(t, "Biscuit", "Golden retriever, 9 weeks", 150000, 25000);
    String session = someoneElseHolds(t, item);
    sim.payAltered(session, 100, "usd", Delivery.normal());
    Poll.until(
        () ->
            client
                .get(path(t, "portal?session_id=" + session), null)
                .json()
                .getJsonObject("reservation")
                .getString("status"),
        "amount_mismatch"::equals,
        "the reservation flagged");
    browser.get(site + "/t/" + t.slug() + "/reservation?session_id=" + session);
    awaitTitle("Your payment was refunded");
    assertThat(browser.text("lead")).contains("did not match the deposit for Biscuit");
    assertThat(browser.text("state")).isEqualTo("Refunded");
    browser.shot("reservations-11-refunded");
  }
}
