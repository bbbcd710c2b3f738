package dev.plinth.core.users;

import dev.plinth.core.security.AdminCookie;
import dev.plinth.spi.Notification;
import dev.plinth.spi.Notifications;
import dev.plinth.spi.RateLimits;
import dev.plinth.spi.SignInLinks;
import dev.plinth.spi.SignedTokens;
import dev.plinth.spi.TenantContext;
import dev.plinth.spi.TenantTransactional;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** {@link SignInLinks} over the host's {@link SignedTokens}, rate limits and outbox. */
@ApplicationScoped
public class EmailSignInLinks implements SignInLinks {

  @Inject SignedTokens tokens;

  @Inject Notifications notifications;

  @Inject RateLimits rateLimits;

  @Inject TenantContext tenant;

  @Override
  @TenantTransactional
  public void send(SignIn signIn, String email, Function<String, Optional<Recipient>> find) {
    String bucket = signIn.name() + "-link";
    Duration hour = Duration.ofHours(1);
    rateLimits.perClient(bucket, signIn.linksPerClientPerHour(), hour);
    rateLimits.perKey(bucket, email.toLowerCase(Locale.ROOT), signIn.linksPerEmailPerHour(), hour);
    find.apply(email).ifPresent(to -> notifications.enqueue(email(signIn, to)));
  }

  private Notification email(SignIn signIn, Recipient to) {
    String token = tokens.sign(signIn.linkPurpose(), to.subject(), signIn.link());
    return new Notification(
        to.email(),
        signIn.subject(),
        ("Hello %s,\n\n%s:\n\n%s\n\nIt works once, within %d minutes."
                + " If you did not ask for it, you can ignore this email.\n")
            .formatted(
                to.name(),
                signIn.invitation(),
                tenant.pageUrl(signIn.page() + "#link=" + token),
                signIn.link().toMinutes()),
        signIn.linkPurpose());
  }

  @Override
  @TenantTransactional
  public Optional<SignedIn> redeem(SignIn signIn, String token) {
    return tokens
        .redeem(signIn.linkPurpose(), token)
        .map(
            link -> {
              String session =
                  tokens.sign(signIn.sessionPurpose(), link.subject(), signIn.session());
              return new SignedIn(link.subject(), cookie(signIn, session, signIn.session()));
            });
  }

  @Override
  public Optional<String> signedIn(SignIn signIn, String cookie) {
    return tokens.verify(signIn.sessionPurpose(), cookie).map(SignedTokens.Verified::subject);
  }

  @Override
  public String signOut(SignIn signIn) {
    return cookie(signIn, "", Duration.ZERO);
  }

  /** The session's cookie: HttpOnly, SameSite=Strict, only for the sign-in's API path. */
  private String cookie(SignIn signIn, String value, Duration maxAge) {
    return AdminCookie.sessionCookie(
        signIn.cookie(),
        value,
        URI.create(tenant.apiUrl(signIn.name())).getPath(),
        maxAge,
        AdminCookie.secureFor(tenant.publicUrl()));
  }
}
