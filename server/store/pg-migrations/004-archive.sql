-- Retention on PostgreSQL: the same monthly archive files as SQLite's (server/store/archive/),
-- recorded here so that every server of the system knows what left the hot store. A batch's row
-- and its events' idempotency keys are written in the transaction that deletes its events from
-- `events` (after its bytes were appended to the month file and synced): an event is hot or
-- archived, never both and never neither, and a retried POST of an archived event is a duplicate.
CREATE TABLE archived_batches (
  seq_from          BIGINT PRIMARY KEY,
  seq_to            BIGINT NOT NULL,
  month             TEXT   NOT NULL,  -- YYYY-MM in the city's time zone, by acceptance time
  file              TEXT   NOT NULL,  -- relative to the archiving server's data folder, or absolute
  "offset"          BIGINT NOT NULL,
  length            BIGINT NOT NULL,
  events            INTEGER NOT NULL,
  sha256            TEXT   NOT NULL,  -- of the member's bytes
  first_received_at BIGINT NOT NULL,
  last_received_at  BIGINT NOT NULL,
  archived_at       BIGINT NOT NULL
);
CREATE INDEX archived_batches_month ON archived_batches (month, seq_from);

CREATE TABLE archived_keys (
  idempotency_key TEXT   PRIMARY KEY,
  seq             BIGINT NOT NULL
);
