-- The append-only event log on PostgreSQL: the same columns as SQLite's 001-events.sql.
-- seq is given under the append lock (see pg-event-store.ts), so seqs become visible in order
-- and a reader that follows "after my seq" never skips an event committed later with a lower seq.
CREATE TABLE events (
  seq             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  domain          TEXT    NOT NULL,
  kind            TEXT    NOT NULL,
  time            BIGINT  NOT NULL,  -- when it happened (epoch ms)
  received_at     BIGINT  NOT NULL,  -- when a server accepted it (epoch ms)
  source          TEXT    NOT NULL,
  simulated       BOOLEAN NOT NULL DEFAULT false,
  idempotency_key TEXT UNIQUE,       -- a retried POST with the same key is not stored twice
  payload         JSONB   NOT NULL   -- the validated `data`
);

CREATE INDEX events_domain_seq ON events (domain, seq);
CREATE INDEX events_source ON events (source);
