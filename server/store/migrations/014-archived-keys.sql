-- The idempotency keys of the events that retention moved to the monthly archives: written in the
-- transaction that deletes them from `events`, so a retried POST whose event was archived since
-- is still acknowledged as a duplicate, never stored a second time. `keys_recorded` marks the
-- batches archived before this table existed; the next start reads their keys from the files.
CREATE TABLE archived_keys (
  idempotency_key TEXT    PRIMARY KEY,
  seq             INTEGER NOT NULL
) WITHOUT ROWID;
ALTER TABLE archived_batches ADD COLUMN keys_recorded INTEGER NOT NULL DEFAULT 0;
