package dev.plinth.analyses;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/**
 * The vertical's settings ({@code analyses.*}), read once at start.
 *
 * @param grace how long a {@code past_due} user keeps the tier's limit before Free's applies
 * @param periodZone the zone of the calendar month that is a Free user's period
 * @param onboardingDays when each onboarding email goes, after the user is registered
 * @param onboardingInterval how often the onboarding job runs
 */
public record AnalysesConfig(
    Duration grace, ZoneId periodZone, List<Duration> onboardingDays, Duration onboardingInterval) {

  public AnalysesConfig {
    onboardingDays = List.copyOf(onboardingDays);
  }
}
