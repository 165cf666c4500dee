-- People, feed keys, screen tokens, sessions and the audit log. Secrets are stored hashed only.
CREATE TABLE users (
  id                   INTEGER PRIMARY KEY,
  username             TEXT    NOT NULL UNIQUE COLLATE NOCASE,
  password_hash        TEXT    NOT NULL,               -- Argon2id
  role                 TEXT    NOT NULL CHECK (role IN ('admin', 'operator', 'leader', 'entry', 'viewer')),
  scope                TEXT,                            -- department or ward of an `entry` account
  must_change_password INTEGER NOT NULL DEFAULT 0,
  failed_logins        INTEGER NOT NULL DEFAULT 0,
  locked_until         INTEGER,
  created_at           INTEGER NOT NULL,
  disabled_at          INTEGER
);

CREATE TABLE sessions (
  token_hash  TEXT    PRIMARY KEY,                     -- sha256 of the cookie value
  user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token  TEXT    NOT NULL,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  ip          TEXT
);

CREATE TABLE api_keys (
  id           INTEGER PRIMARY KEY,
  name         TEXT    NOT NULL,
  key_hash     TEXT    NOT NULL UNIQUE,                -- sha256 of the key (keys are 256-bit random)
  scopes       TEXT    NOT NULL,                       -- JSON array of domains
  created_at   INTEGER NOT NULL,
  created_by   TEXT    NOT NULL,
  last_used_at INTEGER,
  revoked_at   INTEGER
);

CREATE TABLE screen_tokens (
  id           INTEGER PRIMARY KEY,
  screen_id    TEXT    NOT NULL,
  token_hash   TEXT    NOT NULL UNIQUE,
  created_at   INTEGER NOT NULL,
  created_by   TEXT    NOT NULL,
  last_used_at INTEGER,
  revoked_at   INTEGER
);

CREATE TABLE audit_log (
  id      INTEGER PRIMARY KEY,
  at      INTEGER NOT NULL,
  actor   TEXT    NOT NULL,                            -- user:<name>, key:<name>, cli, system
  action  TEXT    NOT NULL,
  target  TEXT,
  ip      TEXT,
  detail  TEXT                                         -- JSON
);
CREATE INDEX audit_log_at ON audit_log (at);
