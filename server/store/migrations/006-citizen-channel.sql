-- The citizens' channel. A server secret signs proof-of-work challenges and derives tracking
-- codes: it must outlive a restart (a code given to a citizen must keep working), so it is kept
-- here, made once, never shown.
CREATE TABLE server_secrets (
  name        TEXT    PRIMARY KEY,
  value       BLOB    NOT NULL,
  created_at  INTEGER NOT NULL
);

-- Each proof-of-work challenge is accepted once: remembered until it expires anyway.
CREATE TABLE citizen_used_challenges (
  challenge   TEXT    PRIMARY KEY,
  expires_at  INTEGER NOT NULL
);
CREATE INDEX citizen_used_challenges_expiry ON citizen_used_challenges (expires_at);
