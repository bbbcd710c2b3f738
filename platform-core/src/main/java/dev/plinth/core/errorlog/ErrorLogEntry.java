package dev.plinth.core.errorlog;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One error-log entry: an error and its repeats (same tenant and fingerprint) until an admin
 * resolves it; a repeat after that opens a new entry. Written by {@link ErrorLog}; read by admins
 * and, for its own entries, by the tenant.
 */
@Entity
@Table(schema = "core", name = "error_log")
public class ErrorLogEntry {

  @Id private UUID id;

  private String severity;
  private String category;
  private String message;

  @Column(name = "exception_class")
  private String exceptionClass;

  @Column(name = "stack_trace")
  private String stackTrace;

  // a String, not a UUID: EclipseLink 4.0's UUID mapping fails on NULL, and platform-wide entries
  // have no tenant
  @Column(name = "tenant_id")
  private String tenantId;

  @Column(name = "request_method")
  private String requestMethod;

  @Column(name = "request_path")
  private String requestPath;

  @Column(name = "event_id")
  private String eventId;

  @Column(name = "user_id")
  private String userId;

  private String reference;

  private String fingerprint;
  private int occurrences;

  @Column(name = "first_seen")
  private Instant firstSeen;

  @Column(name = "last_seen")
  private Instant lastSeen;

  private boolean resolved;

  @Column(name = "resolved_at")
  private Instant resolvedAt;

  @Column(name = "resolved_by")
  private String resolvedBy;

  protected ErrorLogEntry() {}

  public UUID id() {
    return id;
  }

  public UUID tenantId() {
    return tenantId == null ? null : UUID.fromString(tenantId);
  }

  public Instant lastSeen() {
    return lastSeen;
  }

  public boolean isResolved() {
    return resolved;
  }

  public void resolve(String by, Instant now) {
    if (!resolved) {
      resolved = true;
      resolvedAt = now;
      resolvedBy = by;
    }
  }

  /** The entry as JSON; the stack trace only when asked for (admins). */
  public JsonObject toJson(String tenantSlug, boolean withStackTrace) {
    JsonObjectBuilder b =
        Json.createObjectBuilder()
            .add("id", id.toString())
            .add("severity", severity)
            .add("category", category)
            .add("message", message)
            .add("fingerprint", fingerprint)
            .add("occurrences", occurrences)
            .add("firstSeen", firstSeen.toString())
            .add("lastSeen", lastSeen.toString())
            .add("resolved", resolved);
    addIfPresent(b, "exceptionClass", exceptionClass);
    addIfPresent(b, "tenant", tenantSlug);
    addIfPresent(b, "tenantId", tenantId);
    addIfPresent(b, "requestMethod", requestMethod);
    addIfPresent(b, "requestPath", requestPath);
    addIfPresent(b, "eventId", eventId);
    addIfPresent(b, "userId", userId);
    addIfPresent(b, "reference", reference);
    addIfPresent(b, "resolvedAt", resolvedAt == null ? null : resolvedAt.toString());
    addIfPresent(b, "resolvedBy", resolvedBy);
    if (withStackTrace) {
      addIfPresent(b, "stackTrace", stackTrace);
    }
    return b.build();
  }

  private static void addIfPresent(JsonObjectBuilder b, String name, String value) {
    if (value != null) {
      b.add(name, value);
    }
  }
}
