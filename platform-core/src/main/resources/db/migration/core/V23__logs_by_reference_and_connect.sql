-- The tenant's logs per reference of its vertical (the reference of a checkout: for the events
-- vertical, an event's id). A webhook event is marked, when it is processed, with the reference of
-- the checkout its Stripe object belongs to, found as the typed payment events find it
-- (PaymentEventTranslator.ownerOf): Plinth's plinth_* metadata on the object, or the host's records
-- of the checkout (core.checkout_sessions by session, payment intent or subscription; core.payments
-- by charge; core.subscriptions) for objects that carry none. An error-log entry carries the
-- reference of the event being processed when it was recorded.
ALTER TABLE core.webhook_events ADD COLUMN reference text;
ALTER TABLE core.error_log ADD COLUMN reference text;

CREATE INDEX webhook_events_tenant_reference
  ON core.webhook_events (tenant_id, reference, received_at DESC, id DESC)
  WHERE reference IS NOT NULL;
CREATE INDEX error_log_tenant_reference ON core.error_log (tenant_id, reference)
  WHERE reference IS NOT NULL;

-- The backfill reads and writes every tenant's rows: the platform scope, for this transaction only.
SELECT set_config('plinth.platform_key', key, true) FROM core.platform_key WHERE id = 1;

-- Events still holding their payload: the same lookups as at processing time, in SQL. A payload
-- with a \u0000 escape (which jsonb refuses) is left unmarked.
WITH objects AS (
  SELECT e.id, e.tenant_id, t.vertical, d ->> 'object' AS kind, d ->> 'id' AS oid, d,
         coalesce(d #> '{parent,subscription_details}', d -> 'subscription_details') AS details
    FROM core.webhook_events e
    JOIN core.tenants t ON t.id = e.tenant_id
    CROSS JOIN LATERAL (SELECT CAST(e.payload AS jsonb) #> '{data,object}' AS d) p
   WHERE e.reference IS NULL AND e.payload IS NOT NULL AND strpos(e.payload, '\u0000') = 0
), ids AS (
  SELECT o.id, o.tenant_id, o.vertical, o.kind, o.oid,
         CASE WHEN o.kind = 'payment_intent' THEN o.oid
              WHEN jsonb_typeof(o.d -> 'payment_intent') = 'object' THEN o.d -> 'payment_intent' ->> 'id'
              ELSE o.d ->> 'payment_intent' END AS pi,
         CASE WHEN o.kind = 'charge' THEN o.oid
              WHEN jsonb_typeof(o.d -> 'charge') = 'object' THEN o.d -> 'charge' ->> 'id'
              ELSE o.d ->> 'charge' END AS charge,
         CASE WHEN o.kind = 'subscription' THEN o.oid
              WHEN o.kind = 'invoice' THEN coalesce(
                CASE WHEN jsonb_typeof(o.details -> 'subscription') = 'object'
                     THEN o.details -> 'subscription' ->> 'id' ELSE o.details ->> 'subscription' END,
                CASE WHEN jsonb_typeof(o.d -> 'subscription') = 'object'
                     THEN o.d -> 'subscription' ->> 'id' ELSE o.d ->> 'subscription' END) END AS sub,
         CASE WHEN o.kind = 'invoice' THEN o.details -> 'metadata' ELSE o.d -> 'metadata' END AS marks
    FROM objects o
   WHERE o.kind IN ('checkout.session', 'payment_intent', 'charge', 'refund', 'dispute',
                    'subscription', 'invoice')
), found AS (
  SELECT i.id, i.kind,
         CASE WHEN i.marks ->> 'plinth_vertical' = i.vertical
              THEN i.marks ->> 'plinth_reference' END AS by_marks,
         CASE
           WHEN i.kind = 'checkout.session' THEN
             (SELECT c.reference FROM core.checkout_sessions c
               WHERE c.tenant_id = i.tenant_id AND c.request_key IS NOT NULL
                 AND c.vertical = i.vertical AND c.stripe_session_id = i.oid LIMIT 1)
           WHEN i.kind IN ('subscription', 'invoice') THEN coalesce(
             (SELECT c.reference FROM core.checkout_sessions c
               WHERE c.tenant_id = i.tenant_id AND c.request_key IS NOT NULL
                 AND c.vertical = i.vertical AND c.subscription_id = i.sub LIMIT 1),
             (SELECT s.reference FROM core.subscriptions s
               WHERE s.tenant_id = i.tenant_id AND s.stripe_subscription_id = i.sub
                 AND s.vertical = i.vertical AND s.reference IS NOT NULL LIMIT 1))
           ELSE
             (SELECT c.reference FROM core.checkout_sessions c
               WHERE c.tenant_id = i.tenant_id AND c.request_key IS NOT NULL
                 AND c.vertical = i.vertical
                 AND c.payment_intent_id = coalesce(i.pi,
                   (SELECT p.payment_intent_id FROM core.payments p
                     WHERE p.tenant_id = i.tenant_id AND p.charge_id = i.charge LIMIT 1))
               LIMIT 1)
         END AS by_records
    FROM ids i
)
UPDATE core.webhook_events e
   SET reference = CASE WHEN f.kind IN ('checkout.session', 'payment_intent')
                        THEN coalesce(f.by_marks, f.by_records)
                        ELSE coalesce(f.by_records, f.by_marks) END
  FROM found f
 WHERE e.id = f.id AND coalesce(f.by_marks, f.by_records) IS NOT NULL;

-- Events whose payload retention has removed: by their object's id, through the checkout records.
UPDATE core.webhook_events e
   SET reference = c.reference
  FROM core.tenants t, core.checkout_sessions c
 WHERE e.reference IS NULL AND e.payload IS NULL AND e.object_id IS NOT NULL
   AND t.id = e.tenant_id AND c.tenant_id = e.tenant_id AND c.request_key IS NOT NULL
   AND c.vertical = t.vertical
   AND e.object_id IN (c.stripe_session_id, c.payment_intent_id, c.subscription_id);

-- Error-log entries recorded while processing an event that now has its reference.
UPDATE core.error_log l
   SET reference = e.reference
  FROM core.webhook_events e
 WHERE l.reference IS NULL AND l.event_id IS NOT NULL AND e.tenant_id = l.tenant_id
   AND e.event_id = l.event_id AND e.reference IS NOT NULL;

-- Connected accounts that left the tenant's platform: Stripe's account.application.deauthorized
-- marks the row 'deauthorized' (with deauthorized_at). The row stays, so the events of payments
-- taken on it still route to the tenant; a new checkout on it is refused (409). An account may have
-- been unbound before it left, so unbound_at may outlive its status.
ALTER TABLE core.connected_accounts ADD COLUMN deauthorized_at timestamptz;
ALTER TABLE core.connected_accounts DROP CONSTRAINT connected_accounts_status_check;
ALTER TABLE core.connected_accounts ADD CONSTRAINT connected_accounts_status_check
  CHECK (status IN ('pending', 'bound', 'unbound', 'deauthorized'));
ALTER TABLE core.connected_accounts DROP CONSTRAINT connected_accounts_unbound_at_check;
ALTER TABLE core.connected_accounts ADD CONSTRAINT connected_accounts_unbound_at_check
  CHECK ((status = 'unbound') <= (unbound_at IS NOT NULL)
         AND (status IN ('pending', 'bound')) <= (unbound_at IS NULL));
ALTER TABLE core.connected_accounts ADD CONSTRAINT connected_accounts_deauthorized_at_check
  CHECK ((status = 'deauthorized') = (deauthorized_at IS NOT NULL));

-- An unroutable Connect event names the endpoint it came through: the platform's Connect endpoint
-- ('platform_connect', no tenant) or a tenant's own ('tenant_connect', with that tenant). Rows
-- recorded before this migration have neither. One row per endpoint and event: two tenants on one
-- Stripe platform both receive each of its accounts' events, and each delivery is kept.
ALTER TABLE core.unroutable_events ADD COLUMN tenant_id uuid REFERENCES core.tenants (id);
ALTER TABLE core.unroutable_events ADD COLUMN source text
  CHECK (source IN ('platform_connect', 'tenant_connect'));
ALTER TABLE core.unroutable_events ADD CONSTRAINT unroutable_events_source_tenant
  CHECK ((source = 'tenant_connect') = (tenant_id IS NOT NULL));
ALTER TABLE core.unroutable_events DROP CONSTRAINT unroutable_events_account_event_id_key;
CREATE UNIQUE INDEX unroutable_events_endpoint_event ON core.unroutable_events
  ((coalesce(tenant_id, '00000000-0000-0000-0000-000000000000'::uuid)), account, event_id);
CREATE INDEX unroutable_events_tenant ON core.unroutable_events (tenant_id) WHERE tenant_id IS NOT NULL;

-- Retention removes unroutable events older than PLINTH_RETENTION_DAYS, as it does the other logs
-- (by received_at, through unroutable_events_received).
GRANT DELETE ON core.unroutable_events TO ${appRole};
