-- Failed sign-ins per account name and address. An account locks for the address its wrong
-- passwords came from, so that nobody can lock the admin out from elsewhere; names that are no
-- account count the same way, so a lock says nothing about which accounts exist.
CREATE TABLE sign_in_failures (
  username      TEXT    NOT NULL COLLATE NOCASE,
  ip            TEXT    NOT NULL,
  failures      INTEGER NOT NULL DEFAULT 0,          -- since the last lock or success
  lockouts      INTEGER NOT NULL DEFAULT 0,          -- locks in a row: each lasts twice the last
  locked_until  INTEGER,
  updated_at    INTEGER NOT NULL,
  PRIMARY KEY (username, ip)
);
