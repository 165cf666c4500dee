-- Aggregator snapshots on PostgreSQL, as SQLite's migration 010: the domains' state and the topics'
-- after the event `seq`, written by the aggregation leader only, so that a start, a new leader and
-- the replay of a past moment load one and apply only the events after it. Derived data: deleting
-- every row is always safe (the next start replays the whole log).
CREATE TABLE snapshots (
  seq          BIGINT  PRIMARY KEY,  -- the last event the state includes
  received_at  BIGINT  NOT NULL,     -- when that event was accepted: the live moment the state shows
  taken_at     BIGINT  NOT NULL,
  format       INTEGER NOT NULL,
  versions     TEXT    NOT NULL,     -- JSON: each aggregator's snapshot version
  state        BYTEA   NOT NULL      -- gzip of the snapshot's JSON
);
CREATE INDEX snapshots_received_at ON snapshots (received_at);
