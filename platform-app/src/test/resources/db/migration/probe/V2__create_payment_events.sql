-- What the probe's payment listener received, for the tests to read back.
CREATE TABLE payment_events (
  id          uuid PRIMARY KEY,
  tenant_id   uuid NOT NULL,
  seq         bigserial,
  kind        text NOT NULL,
  reference   text,
  event       text NOT NULL
);
CREATE INDEX payment_events_tenant_seq ON payment_events (tenant_id, seq);
