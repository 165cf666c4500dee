-- People's accounts and the units they act for, sign-in sessions, feed keys and the audit log,
-- shared by every server on this database (SQLite keeps the same in the data folder when there is
-- one process): signed in on one process is signed in on all, a key made or revoked on one holds
-- on all. Each process holds accounts, sessions and keys in memory and reloads them when another
-- says `accounts` changed; the audit log is read from here.

CREATE TABLE users (
  id                   BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username             TEXT    NOT NULL,
  password_hash        TEXT    NOT NULL,                -- Argon2id
  role                 TEXT    NOT NULL CHECK (role IN ('admin', 'operator', 'leader', 'entry', 'viewer')),
  must_change_password BOOLEAN NOT NULL DEFAULT false,
  created_at           BIGINT  NOT NULL,
  disabled_at          BIGINT
);
-- Names are unique whatever their case, as SQLite's COLLATE NOCASE has them.
CREATE UNIQUE INDEX users_username ON users (lower(username));

CREATE TABLE user_scopes (
  user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role        TEXT   NOT NULL CHECK (role IN ('entry', 'approver', 'handler')),
  unit        TEXT   NOT NULL CHECK (length(unit) > 0),
  created_at  BIGINT NOT NULL,
  created_by  TEXT   NOT NULL,
  PRIMARY KEY (user_id, role, unit)
);
CREATE INDEX user_scopes_unit ON user_scopes (unit, role);

CREATE TABLE sessions (
  token_hash  TEXT   PRIMARY KEY,                      -- sha256 of the cookie value
  user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token  TEXT   NOT NULL,
  created_at  BIGINT NOT NULL,
  expires_at  BIGINT NOT NULL,
  ip          TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_keys (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name         TEXT   NOT NULL,
  key_hash     TEXT   NOT NULL UNIQUE,                 -- sha256 of the key (keys are 256-bit random)
  scopes       JSONB  NOT NULL,                        -- array of domains
  created_at   BIGINT NOT NULL,
  created_by   TEXT   NOT NULL,
  last_used_at BIGINT,
  revoked_at   BIGINT
);

CREATE TABLE audit_log (
  id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at      BIGINT NOT NULL,
  actor   TEXT   NOT NULL,                             -- user:<name>, key:<name>, cli, system
  action  TEXT   NOT NULL,
  target  TEXT,
  ip      TEXT,
  detail  JSONB
);
CREATE INDEX audit_log_at ON audit_log (at);
