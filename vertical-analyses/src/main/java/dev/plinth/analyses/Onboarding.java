package dev.plinth.analyses;

import dev.plinth.spi.Notification;
import dev.plinth.spi.Notifications;
import dev.plinth.spi.TenantContext;
import dev.plinth.spi.TenantTransactional;
import dev.plinth.spi.UserDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The onboarding emails: a short sequence after a user is registered ({@code
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

  @Inject Tiers tiers;

  /**
   * The users with an email due now, after enrolling those the tenant registered within the
   * sequence's span (users registered before it are not welcomed).
   */
  public List<String> due() {
    Instant now = clock.instant();
    List<Duration> days = config.onboardingDays();
    if (days.isEmpty()) {
      return List.of();
    }
    Duration span = days.stream().max(Duration::compareTo).orElseThrow();
    Instant since = now.minus(span).minus(Duration.ofDays(1));
    List<UserDirectory.Registration> page;
    do {
      page = directory.registeredSince(since, Subscribers.PAGE);
      page.forEach(subscribers::enrol);
      Instant last = page.isEmpty() ? since : page.get(page.size() - 1).registeredAt();
      if (!last.isAfter(since)) {
        break; // a whole page registered in one instant cannot be paged past: this run stops there
      }
      since = last;
    } while (page.size() == Subscribers.PAGE);
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

  /** The emails, in the tenant's words for its tiers. */
  private Notification email(String to, int step) {
    String pricing = tenant.pageUrl("pricing");
    String dashboard = tenant.pageUrl("dashboard");
    List<Tier> offered = tiers.offered();
    return switch (step) {
      case 0 ->
          new Notification(
              to,
              "Welcome: your first property analyses",
              offered.stream()
                      .filter(t -> !t.isPaid())
                      .findFirst()
                      .map(t -> "Your " + t.name() + " plan gives you " + amount(t) + ". ")
                      .orElse("")
                  + "Start from your dashboard: "
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
              offered.stream()
                      .filter(Tier::isPaid)
                      .map(t -> t.name() + ": " + amount(t))
                      .collect(Collectors.joining("; ", "", ". "))
                  + "See the plans: "
                  + pricing,
              "analyses.onboarding." + step);
    };
  }

  private static String amount(Tier t) {
    return t.monthlyLimit() == null
        ? "unlimited analyses a month"
        : t.monthlyLimit() + (t.monthlyLimit() == 1 ? " analysis" : " analyses") + " a month";
  }
}
