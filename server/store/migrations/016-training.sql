-- Training sessions (tập huấn): who was trained when, and what each trainee completed. Kept in the
-- live database because they are the plan's records; the practice itself (its events, accounts and
-- topics) lives in the practice space's own data folder and never here.
CREATE TABLE training_sessions (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  name        TEXT    NOT NULL,
  day         TEXT    NOT NULL,          -- YYYY-MM-DD, the city's calendar
  created_at  INTEGER NOT NULL,
  created_by  TEXT    NOT NULL,
  closed_at   INTEGER
);

CREATE TABLE training_trainees (
  session_id    INTEGER NOT NULL REFERENCES training_sessions (id),
  username      TEXT    NOT NULL,        -- the practice account (unique across sessions)
  display_name  TEXT    NOT NULL,
  role          TEXT    NOT NULL,        -- the training role (exercises follow it)
  unit          TEXT,                    -- the unit code the practice account acts for
  PRIMARY KEY (session_id, username)
);
CREATE UNIQUE INDEX training_trainees_username ON training_trainees (username);

-- First time an exercise was found done (the practice space may be reset; the record stays).
CREATE TABLE training_completions (
  session_id    INTEGER NOT NULL,
  username      TEXT    NOT NULL,
  exercise      TEXT    NOT NULL,
  completed_at  INTEGER NOT NULL,
  PRIMARY KEY (session_id, username, exercise)
);

-- A trainee's answer to a question exercise (read a figure off the dashboard).
CREATE TABLE training_answers (
  session_id  INTEGER NOT NULL,
  username    TEXT    NOT NULL,
  exercise    TEXT    NOT NULL,
  answer      TEXT    NOT NULL,
  at          INTEGER NOT NULL,
  PRIMARY KEY (session_id, username, exercise)
);
