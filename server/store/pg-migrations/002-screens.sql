-- The screens registry, screen tokens and pairing codes, shared by every server on this database
-- (SQLite keeps the same in the data folder when there is one process). Each process holds the
-- screens and tokens in memory and reloads them when another process says `ioc_registry` changed.

-- Paired screens (stored whole) and operators' changes to config screens (the changed fields).
CREATE TABLE screens (
  id          TEXT    PRIMARY KEY,
  paired      BOOLEAN NOT NULL,
  definition  JSONB   NOT NULL,
  created_at  BIGINT  NOT NULL,
  created_by  TEXT    NOT NULL,
  updated_at  BIGINT  NOT NULL,
  updated_by  TEXT    NOT NULL
);

CREATE TABLE screen_tokens (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  screen_id    TEXT   NOT NULL,
  token_hash   TEXT   NOT NULL UNIQUE,
  created_at   BIGINT NOT NULL,
  created_by   TEXT   NOT NULL,
  last_used_at BIGINT,
  revoked_at   BIGINT
);

-- A code shown at /pair; `token` holds the screen token between the claim and the browser
-- collecting it (or the code's expiry), never longer.
CREATE TABLE pairing_codes (
  code        TEXT    PRIMARY KEY,
  ticket_hash TEXT    NOT NULL UNIQUE,
  created_at  BIGINT  NOT NULL,
  expires_at  BIGINT  NOT NULL,
  ip          TEXT,
  screen_id   TEXT,
  token       TEXT,
  token_id    BIGINT,
  collected   BOOLEAN NOT NULL DEFAULT false
);

-- One row per wrong code per key (`ip:…`, `user:…`, and `*` for overall), within the window.
CREATE TABLE pairing_failures (
  who TEXT   NOT NULL,
  at  BIGINT NOT NULL
);
CREATE INDEX pairing_failures_who_at ON pairing_failures (who, at);
