-- The webhook outbox (server/outbox/): gateways (Zalo OA, SMS, ward loudspeakers) subscribe to the
-- public notices; each event becomes one delivery per subscription, retried until delivered or
-- dead-lettered. The secret is kept as given (it signs every delivery) and shown to nobody after
-- its creation.
CREATE TABLE webhook_subscriptions (
  id               INTEGER PRIMARY KEY,
  url              TEXT    NOT NULL,
  secret           TEXT    NOT NULL,
  kinds            TEXT    NOT NULL,                -- JSON array of event types
  wards            TEXT    NOT NULL DEFAULT '[]',   -- JSON array of unit codes; empty: every notice
  topics           TEXT    NOT NULL DEFAULT '[]',   -- JSON array of notice topics; empty: every notice
  description      TEXT,
  enabled          INTEGER NOT NULL DEFAULT 1,
  disabled_reason  TEXT,
  from_seq         INTEGER NOT NULL,                -- events after this seq only: no history replayed at creation
  created_at       INTEGER NOT NULL,
  created_by       TEXT    NOT NULL,
  last_success_at  INTEGER,
  last_failure_at  INTEGER,
  last_error       TEXT
);

CREATE TABLE webhook_deliveries (
  id               TEXT    PRIMARY KEY,             -- sent as X-IOC-Delivery; the same on every retry
  subscription_id  INTEGER NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
  event_seq        INTEGER NOT NULL,
  type             TEXT    NOT NULL,
  body             TEXT    NOT NULL,                -- the exact JSON signed and sent, every attempt
  status           TEXT    NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER,
  last_attempt_at  INTEGER,
  last_error       TEXT,
  created_at       INTEGER NOT NULL,
  delivered_at     INTEGER,
  UNIQUE (subscription_id, event_seq)               -- one delivery per event and subscription, even across restarts
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);

-- How far the outbox has read the event store; advanced in the transaction that writes the deliveries.
CREATE TABLE outbox_cursor (
  name  TEXT    PRIMARY KEY,
  seq   INTEGER NOT NULL
);
