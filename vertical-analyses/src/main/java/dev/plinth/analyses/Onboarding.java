package dev.plinth.analyses;

import dev.plinth.spi.Notification;
import dev.plinth.spi.Notifications;
import dev.plinth.spi.TenantContext;
import dev.plinth.spi.TenantTransactional;
import dev.plinth.spi.UserDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The onboarding emails: a short sequence after a user is first seen ({@code
 * analyses.onboarding-days}, day 0, 3 and 7 by default), each step sent once through the outbox,
 * none once the user has upgraded.
 */
@ApplicationScoped
@TenantTransactional
public class Onboarding {

  @Inject Subscribers subscribers;

  @Inject UserDirectory directory;

  @Inject Notifications notifications;

  @Inject TenantContext tenant;

  @Inject AnalysesConfig config;

  @Inject Clock clock;

  /** The users with an email due now. */
  public List<String> due() {
    Instant now = clock.instant();
    return subscribers.onboarding(config.onboardingDays().size()).stream()
        .filter(s -> s.onboardingDue(config.onboardingDays(), now).isPresent())
        .map(Subscriber::userRef)
        .toList();
  }

  /** Sends the user's due step, if it is still due: the outbox row and the step commit together. */
  public void send(String userRef) {
    Subscriber s = subscribers.requireLocked(userRef);
    s.onboardingDue(config.onboardingDays(), clock.instant())
        .ifPresent(
            step -> {
              directory.find(userRef).ifPresent(u -> notifications.enqueue(email(u.email(), step)));
              s.onboarded(step);
            });
  }

  private Notification email(String to, int step) {
    String pricing = tenant.pageUrl("pricing");
    String dashboard = tenant.pageUrl("dashboard");
    return switch (step) {
      case 0 ->
          new Notification(
              to,
              "Welcome: your first property analyses",
              "Your account can analyse 5 addresses a month on the Free plan. Start from your"
                  + " dashboard: "
                  + dashboard,
              "analyses.onboarding.0");
      case 1 ->
          new Notification(
              to,
              "Finding your analyses again",
              "Search your analyses by address, or by what they found, from your dashboard: "
                  + dashboard,
              "analyses.onboarding.1");
      default ->
          new Notification(
              to,
              "Need more analyses?",
              "Starter, Pro and Elite give you 25, 100 or unlimited analyses a month: " + pricing,
              "analyses.onboarding." + step);
    };
  }
}
