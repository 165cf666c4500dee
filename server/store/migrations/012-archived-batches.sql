-- The events that left the hot store for the monthly archives (retention): one row per batch,
-- written in the same transaction that deletes the batch's events from `events`, so an event is
-- either hot or recorded here, never both and never neither. Each batch is one gzip member
-- appended to its month's file (`events-YYYY-MM.ndjson.gz`) at `offset`, `length` bytes long.
CREATE TABLE archived_batches (
  seq_from          INTEGER PRIMARY KEY,
  seq_to            INTEGER NOT NULL,
  month             TEXT    NOT NULL,  -- YYYY-MM in the city's time zone, by acceptance time
  file              TEXT    NOT NULL,  -- relative to the data folder (or absolute)
  offset            INTEGER NOT NULL,
  length            INTEGER NOT NULL,
  events            INTEGER NOT NULL,
  sha256            TEXT    NOT NULL,  -- of the member's bytes
  first_received_at INTEGER NOT NULL,
  last_received_at  INTEGER NOT NULL,
  archived_at       INTEGER NOT NULL
);
CREATE INDEX archived_batches_month ON archived_batches (month, seq_from);
