-- Aggregator snapshots: the domains' state and the topics' after the event `seq`, so that a start
-- (and a replay of a past moment) loads one and applies only the events after it. Derived data:
-- deleting every row is always safe (the next start replays the whole log).
CREATE TABLE snapshots (
  seq          INTEGER PRIMARY KEY,  -- the last event the state includes
  received_at  INTEGER NOT NULL,     -- when that event was accepted: the live moment the state shows
  taken_at     INTEGER NOT NULL,
  format       INTEGER NOT NULL,
  versions     TEXT    NOT NULL,     -- JSON: each aggregator's snapshot version
  state        BLOB    NOT NULL      -- gzip of the snapshot's JSON
);
CREATE INDEX snapshots_received_at ON snapshots (received_at);
