package dev.plinth.testkit.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.PermissionException;
import com.stripe.model.Account;
import com.stripe.model.AccountLink;
import com.stripe.model.Event;
import com.stripe.model.Refund;
import com.stripe.model.WebhookEndpoint;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.net.Webhook;
import com.stripe.param.AccountCreateParams;
import com.stripe.param.AccountLinkCreateParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.WebhookEndpointCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stripe Connect in the simulator, as stripe-java sees it. */
class StripeConnectTest extends SimulatorFixture {

  static RequestOptions on(String account) {
    return RequestOptions.builder().setStripeAccount(account).build();
  }

  static SessionCreateParams.Builder payment(long amount) {
    return SessionCreateParams.builder()
        .setMode(SessionCreateParams.Mode.PAYMENT)
        .setSuccessUrl("http://localhost/ok")
        .addLineItem(item("Shoot", amount, 1));
  }

  @Test
  void anAccountIsVisibleOnlyToItsPlatformAndOnboardsOnTheHostedPage() throws Exception {
    String platform = key();
    Account created =
        client(platform)
            .v1()
            .accounts()
            .create(
                AccountCreateParams.builder().setType(AccountCreateParams.Type.EXPRESS).build());
    assertThat(created.getId()).startsWith("acct_");
    assertThat(created.getChargesEnabled()).isFalse();
    assertThat(client(platform).v1().accounts().retrieve(created.getId()).getType())
        .isEqualTo("express");
    // another platform's key, or an id nobody made, is refused as Stripe refuses it
    assertThatThrownBy(() -> client(key()).v1().accounts().retrieve(created.getId()))
        .isInstanceOf(PermissionException.class);
    assertThatThrownBy(() -> client(platform).v1().accounts().retrieve("acct_1Nobody0000000"))
        .isInstanceOf(PermissionException.class);

    AccountLink link =
        client(platform)
            .v1()
            .accountLinks()
            .create(
                AccountLinkCreateParams.builder()
                    .setAccount(created.getId())
                    .setType(AccountLinkCreateParams.Type.ACCOUNT_ONBOARDING)
                    .setReturnUrl("http://localhost/back")
                    .setRefreshUrl("http://localhost/again")
                    .build());
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> page =
        http.send(
            HttpRequest.newBuilder(URI.create(link.getUrl())).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains(created.getId()).contains("name=\"action\"");
    HttpResponse<String> done =
        http.send(
            HttpRequest.newBuilder(URI.create(link.getUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=complete"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(done.statusCode()).isEqualTo(303);
    assertThat(done.headers().firstValue("Location")).contains("http://localhost/back");
    assertThat(client(platform).v1().accounts().retrieve(created.getId()).getChargesEnabled())
        .isTrue();
    // a used link leads to its refresh_url
    HttpResponse<String> again =
        http.send(
            HttpRequest.newBuilder(URI.create(link.getUrl())).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(again.statusCode()).isEqualTo(303);
    assertThat(again.headers().firstValue("Location")).contains("http://localhost/again");
  }

  @Test
  void directAndDestinationChargesKeepTheirTermsAndConnectEventsNameTheAccount() throws Exception {
    String platform = key();
    WebhookEndpoint connectEndpoint =
        client(platform)
            .v1()
            .webhookEndpoints()
            .create(
                WebhookEndpointCreateParams.builder()
                    .setUrl(receiver.url("/connect-" + platform.substring(8, 16)))
                    .addEnabledEvent(WebhookEndpointCreateParams.EnabledEvent.ALL)
                    .setConnect(true)
                    .build());
    String account = sim.connectAccount(platform, true);

    Session direct =
        client(platform)
            .v1()
            .checkout()
            .sessions()
            .create(
                payment(5000)
                    .setPaymentIntentData(
                        SessionCreateParams.PaymentIntentData.builder()
                            .setApplicationFeeAmount(500L)
                            .build())
                    .build(),
                on(account));
    assertThat(sim.holderOf(direct.getId())).contains(account);
    // the connected account's session is invisible to the platform's own account
    assertThatThrownBy(() -> client(platform).v1().checkout().sessions().retrieve(direct.getId()))
        .isInstanceOf(InvalidRequestException.class);
    sim.pay(direct.getId(), Delivery.normal());
    Map<String, Object> pi =
        sim.object((String) sim.object(direct.getId()).orElseThrow().get("payment_intent"))
            .orElseThrow();
    assertThat(pi.get("application_fee_amount")).isEqualTo(500L);
    Map<String, Object> charge = sim.object((String) pi.get("latest_charge")).orElseThrow();
    assertThat(charge.get("application_fee_amount")).isEqualTo(500L);

    List<String[]> got =
        receiver.deliveredTo("/connect-" + platform.substring(8, 16), 3).stream().toList();
    Event completed = null;
    for (String[] r : got) {
      Event e = Webhook.constructEvent(r[2], r[1], connectEndpoint.getSecret(), 300);
      assertThat(e.getAccount()).isEqualTo(account);
      if (e.getType().equals("checkout.session.completed")) {
        completed = e;
      }
    }
    assertThat(completed).isNotNull();

    Session destination =
        client(platform)
            .v1()
            .checkout()
            .sessions()
            .create(
                payment(8000)
                    .setPaymentIntentData(
                        SessionCreateParams.PaymentIntentData.builder()
                            .setApplicationFeeAmount(800L)
                            .setTransferData(
                                SessionCreateParams.PaymentIntentData.TransferData.builder()
                                    .setDestination(account)
                                    .build())
                            .build())
                    .build());
    assertThat(sim.holderOf(destination.getId())).contains(StripeSimulator.accountOf(platform));
    sim.pay(destination.getId(), Delivery.none());
    Map<String, Object> destinationPi =
        sim.object((String) sim.object(destination.getId()).orElseThrow().get("payment_intent"))
            .orElseThrow();
    assertThat(destinationPi.get("application_fee_amount")).isEqualTo(800L);
    @SuppressWarnings("unchecked")
    Map<String, Object> transfer = (Map<String, Object>) destinationPi.get("transfer_data");
    assertThat(transfer.get("destination")).isEqualTo(account);
    // a refund keeps what it was asked to undo besides the charge
    Refund destinationRefund =
        client(platform)
            .v1()
            .refunds()
            .create(
                RefundCreateParams.builder()
                    .setPaymentIntent((String) destinationPi.get("id"))
                    .setReverseTransfer(true)
                    .setRefundApplicationFee(true)
                    .build());
    assertThat(sim.object(destinationRefund.getId()).orElseThrow())
        .containsEntry("reverse_transfer", true)
        .containsEntry("refund_application_fee", true);
    Refund directRefund =
        client(platform)
            .v1()
            .refunds()
            .create(
                RefundCreateParams.builder().setPaymentIntent((String) pi.get("id")).build(),
                on(account));
    assertThat(sim.object(directRefund.getId()).orElseThrow())
        .containsEntry("reverse_transfer", false)
        .containsEntry("refund_application_fee", false);

    // a fee larger than the total, or a destination not connected here, is Stripe's 400
    assertThatThrownBy(
            () ->
                client(platform)
                    .v1()
                    .checkout()
                    .sessions()
                    .create(
                        payment(100)
                            .setPaymentIntentData(
                                SessionCreateParams.PaymentIntentData.builder()
                                    .setApplicationFeeAmount(101L)
                                    .build())
                            .build(),
                        on(account)))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(
            () ->
                client(key())
                    .v1()
                    .checkout()
                    .sessions()
                    .create(
                        payment(100)
                            .setPaymentIntentData(
                                SessionCreateParams.PaymentIntentData.builder()
                                    .setTransferData(
                                        SessionCreateParams.PaymentIntentData.TransferData.builder()
                                            .setDestination(account)
                                            .build())
                                    .build())
                            .build()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("No such destination");
    assertThat(sim.awaitDeliveries(Duration.ofSeconds(10))).isTrue();
  }
}
