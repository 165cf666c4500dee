-- Connectors (config/feeds/): what a feed refused, kept with the reason and the raw message so an
-- operator can read it and replay it once the mapping is fixed (bounded per feed), and what a feed
-- must remember across restarts: an operator's pause, an HTTP poller's cursor and validators.
CREATE TABLE feed_dead_letters (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  feed        TEXT    NOT NULL,
  at          INTEGER NOT NULL,
  stage       TEXT    NOT NULL CHECK (stage IN ('parse', 'mapping', 'ingest')),
  field       TEXT,
  reason_en   TEXT    NOT NULL,
  reason_vi   TEXT    NOT NULL,
  raw         TEXT    NOT NULL,
  context     TEXT    -- JSON: what else the message came with (its MQTT topic)
);
CREATE INDEX feed_dead_letters_feed ON feed_dead_letters (feed, id);

CREATE TABLE feed_state (
  feed           TEXT PRIMARY KEY,
  paused         INTEGER,          -- an operator's pause/resume; NULL: as the config says
  cursor         TEXT,
  etag           TEXT,
  last_modified  TEXT,
  updated_at     INTEGER NOT NULL
);
