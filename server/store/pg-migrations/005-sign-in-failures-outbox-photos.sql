-- The last state each process kept in its own data folder, shared now by every server on this
-- database (SQLite keeps the same in the data folder when there is one process).

-- Failed sign-ins per account name (lower case: names are unique whatever their case) and address:
-- wrong passwords sent to any process count together, and a lock holds on every process.
CREATE TABLE sign_in_failures (
  username      TEXT    NOT NULL,
  ip            TEXT    NOT NULL,
  failures      INTEGER NOT NULL DEFAULT 0,          -- since the last lock or success
  lockouts      INTEGER NOT NULL DEFAULT 0,          -- locks in a row: each lasts twice the last
  locked_until  BIGINT,
  updated_at    BIGINT  NOT NULL,
  PRIMARY KEY (username, ip)
);

-- Citizens' and departments' photos by the SHA-256 of the upload, both cleaned copies in one row
-- (written whole or not at all): a photo uploaded through one process is served by every other.
CREATE TABLE photos (
  id           TEXT   PRIMARY KEY CHECK (id ~ '^[a-f0-9]{64}$'),
  full_copy    BYTEA  NOT NULL,                      -- staff only
  public_copy  BYTEA  NOT NULL,                      -- served publicly only through a public report
  created_at   BIGINT NOT NULL
);

-- The webhook outbox (server/outbox/), as SQLite migration 007 has it. Deliveries are written once
-- per event and subscription (the cursor moves in the same transaction, under a row lock), and an
-- attempt is claimed by one process at a time (`claimed_until`), so every process may follow and
-- send and each webhook still goes out once.
CREATE TABLE webhook_subscriptions (
  id               BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  url              TEXT    NOT NULL,
  secret           TEXT    NOT NULL,
  kinds            JSONB   NOT NULL,
  wards            JSONB   NOT NULL DEFAULT '[]',
  topics           JSONB   NOT NULL DEFAULT '[]',
  description      TEXT,
  enabled          BOOLEAN NOT NULL DEFAULT true,
  disabled_reason  TEXT,
  from_seq         BIGINT  NOT NULL,
  created_at       BIGINT  NOT NULL,
  created_by       TEXT    NOT NULL,
  last_success_at  BIGINT,
  last_failure_at  BIGINT,
  last_error       TEXT
);

CREATE TABLE webhook_deliveries (
  id               TEXT    PRIMARY KEY,             -- sent as X-IOC-Delivery; the same on every retry
  subscription_id  BIGINT  NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
  event_seq        BIGINT  NOT NULL,
  type             TEXT    NOT NULL,
  body             TEXT    NOT NULL,
  status           TEXT    NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  BIGINT,
  last_attempt_at  BIGINT,
  last_error       TEXT,
  created_at       BIGINT  NOT NULL,
  delivered_at     BIGINT,
  claimed_until    BIGINT,                          -- an attempt in flight on some process until then
  UNIQUE (subscription_id, event_seq)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);

CREATE TABLE outbox_cursor (
  name  TEXT   PRIMARY KEY,
  seq   BIGINT NOT NULL
);
