package dev.plinth.core.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.spi.Notification;
import dev.plinth.spi.SignInLinks.Recipient;
import dev.plinth.spi.SignInLinks.SignIn;
import dev.plinth.spi.SignInLinks.SignedIn;
import dev.plinth.spi.SignedTokens;
import dev.plinth.spi.web.ApiException;
import dev.plinth.testkit.spi.FakeNotifications;
import dev.plinth.testkit.spi.FakeRateLimits;
import dev.plinth.testkit.spi.FakeTenant;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class EmailSignInLinksTest {

  static final SignIn PORTAL =
      new SignIn(
          "campaigns",
          "portal",
          "my-campaigns",
          "Your link to your campaigns",
          "Open this link to see all your campaigns",
          Duration.ofMinutes(30),
          Duration.ofHours(24),
          3,
          20);

  /** Tokens that are their purpose and subject, and open once when redeemed. */
  static final class PlainTokens implements SignedTokens {
    private final Set<String> redeemed = new HashSet<>();
    private int signed;

    @Override
    public String sign(String purpose, String subject, Duration ttl) {
      return purpose + "." + subject + "." + ++signed;
    }

    @Override
    public Optional<Verified> verify(String purpose, String token) {
      if (token == null || !token.startsWith(purpose + ".")) {
        return Optional.empty();
      }
      String subject = token.substring(purpose.length() + 1, token.lastIndexOf('.'));
      return Optional.of(new Verified(token, subject, Instant.MAX));
    }

    @Override
    public Optional<Verified> redeem(String purpose, String token) {
      return verify(purpose, token).filter(v -> redeemed.add(v.id()));
    }
  }

  final FakeNotifications outbox = new FakeNotifications();
  final FakeRateLimits limits = new FakeRateLimits();
  final EmailSignInLinks links = new EmailSignInLinks();

  EmailSignInLinksTest() {
    links.tokens = new PlainTokens();
    links.notifications = outbox;
    links.rateLimits = limits;
    links.tenant = new FakeTenant("acme", "campaigns");
  }

  static Optional<Recipient> known(String email) {
    return email.equalsIgnoreCase("mike@example.com")
        ? Optional.of(new Recipient("c-42", "Mike@example.com", "Mike's Roofing"))
        : Optional.empty();
  }

  String emailedToken() {
    Notification n = outbox.sent().get(outbox.sent().size() - 1);
    Matcher m = Pattern.compile("/t/acme/my-campaigns#link=(\\S+)").matcher(n.body());
    assertThat(m.find()).as(n.body()).isTrue();
    return m.group(1);
  }

  @Test
  void aKnownEmailGetsALinkToThePageThatOpensOnceIntoASessionCookie() {
    links.send(PORTAL, "MIKE@example.com", EmailSignInLinksTest::known);
    Notification n = outbox.sent().get(0);
    assertThat(n.to()).isEqualTo("Mike@example.com");
    assertThat(n.kind()).isEqualTo("campaigns.portal-link");
    assertThat(n.subject()).isEqualTo("Your link to your campaigns");
    assertThat(n.body())
        .startsWith("Hello Mike's Roofing,\n\nOpen this link to see all your campaigns:\n\n")
        .contains("https://plinth.example/t/acme/my-campaigns#link=")
        .endsWith(
            "It works once, within 30 minutes. If you did not ask for it, you can ignore"
                + " this email.\n");

    SignedIn in = links.redeem(PORTAL, emailedToken()).orElseThrow();
    assertThat(in.subject()).isEqualTo("c-42");
    assertThat(in.setCookie())
        .startsWith("plinth_campaigns_portal=")
        .contains("; Path=/api/t/acme/campaigns/portal; Max-Age=86400; HttpOnly")
        .endsWith("; SameSite=Strict; Secure");
    assertThat(links.redeem(PORTAL, emailedToken())).isEmpty();

    String cookie = in.setCookie().substring("plinth_campaigns_portal=".length()).split(";")[0];
    assertThat(links.signedIn(PORTAL, cookie)).contains("c-42");
    assertThat(links.signedIn(PORTAL, emailedToken())).as("a link is not a session").isEmpty();
    assertThat(links.signedIn(PORTAL, null)).isEmpty();
    assertThat(links.signOut(PORTAL))
        .startsWith("plinth_campaigns_portal=; ")
        .contains("Max-Age=0");
  }

  @Test
  void anUnknownEmailGetsNothingAndAskingIsLimitedPerEmailAndPerClient() {
    links.send(PORTAL, "nobody@example.com", EmailSignInLinksTest::known);
    assertThat(outbox.sent()).isEmpty();
    for (int i = 0; i < 2; i++) {
      links.send(PORTAL, "Nobody@Example.com", EmailSignInLinksTest::known);
    }
    assertThatThrownBy(() -> links.send(PORTAL, "nobody@example.com", e -> Optional.empty()))
        .isInstanceOf(ApiException.class);
    assertThat(limits.count("portal-link")).isEqualTo(4);
    assertThat(limits.count("portal-link|nobody@example.com")).isEqualTo(4);
  }
}
