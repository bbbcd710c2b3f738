package dev.plinth.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The bound tenant's end users as the host's registry holds them ({@code PUT
 * /api/tenants/{slug}/users/{userRef}}), read only. A vertical keeps only a user's {@code userRef}
 * and reads the rest from here when it needs it (an email for a notice), so that erasing a user in
 * the registry erases it everywhere. Erased users are never found.
 */
public interface UserDirectory {

  /** The registered user with this reference; empty if never registered or erased. */
  Optional<EndUser> find(String userRef);

  /**
   * The registered user with this email, compared without case: how a vertical matches a payer that
   * Stripe names only by email. Empty if none has it, or more than one does.
   */
  Optional<EndUser> byEmail(String email);

  /**
   * The live users the tenant registered at or after {@code since}, oldest first, at most {@code
   * limit}: how a vertical learns of users who have not called it yet (to welcome them, say).
   */
  List<Registration> registeredSince(Instant since, int limit);

  /** When the tenant registered a user. */
  record Registration(String userRef, Instant registeredAt) {}
}
