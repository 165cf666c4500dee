-- The append-only event log: every accepted event, in the order it was accepted.
-- Topic states are derived from it (replayed at start), so nothing else is the source of truth.
CREATE TABLE events (
  seq             INTEGER PRIMARY KEY,
  domain          TEXT    NOT NULL,
  kind            TEXT    NOT NULL,
  time            INTEGER NOT NULL,  -- when it happened (epoch ms)
  received_at     INTEGER NOT NULL,  -- when the server accepted it (epoch ms)
  source          TEXT    NOT NULL,
  simulated       INTEGER NOT NULL DEFAULT 0,
  idempotency_key TEXT UNIQUE,       -- a retried POST with the same key is not stored twice
  payload         TEXT    NOT NULL   -- the validated `data`, as JSON
);

CREATE INDEX events_domain_seq ON events (domain, seq);
