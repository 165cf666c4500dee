-- Screens paired through the console, and operators' changes to the screens of config/screens/.
-- A paired screen is stored whole; a config screen only by the fields an operator changed, so
-- that later edits of its YAML (name, location) still show through.
CREATE TABLE screens (
  id          TEXT    PRIMARY KEY,
  paired      INTEGER NOT NULL CHECK (paired IN (0, 1)),
  definition  TEXT    NOT NULL,                        -- JSON: the screen (paired) or the changed fields
  created_at  INTEGER NOT NULL,
  created_by  TEXT    NOT NULL,
  updated_at  INTEGER NOT NULL,
  updated_by  TEXT    NOT NULL
);
