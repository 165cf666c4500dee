-- The citizens' channel and the moderation undo window, shared by every server on this database
-- (SQLite migrations 006 and 008 keep the same in the data folder when there is one process).

-- The secret that signs proof-of-work challenges and derives tracking codes: one for the system,
-- so a challenge fetched through one process is accepted by another and a tracking code given
-- through one is found through all. The first process seeds it with its data folder's own secret
-- when it has one (codes handed out while the system ran on SQLite alone keep working).
CREATE TABLE server_secrets (
  name        TEXT   PRIMARY KEY,
  value       BYTEA  NOT NULL,
  created_at  BIGINT NOT NULL
);

-- Each proof-of-work challenge is accepted once on the whole system, remembered until it expires.
CREATE TABLE citizen_used_challenges (
  challenge   TEXT   PRIMARY KEY,
  expires_at  BIGINT NOT NULL
);
CREATE INDEX citizen_used_challenges_expiry ON citizen_used_challenges (expires_at);

-- The citizens' sliding windows (reports per address and per phone an hour, look-ups per address a
-- minute): one row per counted act, so acts sent to any process count together.
CREATE TABLE citizen_window_hits (
  window_name  TEXT   NOT NULL,                     -- 'reports-address', 'reports-device', 'lookups'
  key          TEXT   NOT NULL,                     -- the address or the device id
  at           BIGINT NOT NULL
);
CREATE INDEX citizen_window_hits_key ON citizen_window_hits (window_name, key, at);
CREATE INDEX citizen_window_hits_age ON citizen_window_hits (window_name, at);

-- Moderators' decisions waiting out their undo window: taken back through any process, stored
-- once (the leader claims a due one with DELETE … RETURNING, so two claimants never both get it).
CREATE TABLE moderation_holds (
  report_id   TEXT    PRIMARY KEY,
  decision    TEXT    NOT NULL CHECK (decision IN ('approve', 'reject')),
  commits_at  BIGINT  NOT NULL,                     -- epoch ms, on the app's injected clock
  user_id     BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  ip          TEXT    NOT NULL,
  held_at     BIGINT  NOT NULL
);
CREATE INDEX moderation_holds_commits_at ON moderation_holds (commits_at);
