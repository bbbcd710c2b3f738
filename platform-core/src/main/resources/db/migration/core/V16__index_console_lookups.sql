-- The admin console's overview counts failed processing attempts per minute over the last hours,
-- and an event's detail finds the error-log entries that name it. Without these, the first reads
-- every attempt ever kept, the second every error-log entry of the tenant. Both are partial, so
-- they stay small: attempts that failed, and entries recorded while processing an event.
CREATE INDEX webhook_attempts_failed_started ON core.webhook_attempts (started_at)
  WHERE outcome IN ('failed', 'dead');
CREATE INDEX error_log_tenant_event ON core.error_log (tenant_id, event_id)
  WHERE event_id IS NOT NULL;
