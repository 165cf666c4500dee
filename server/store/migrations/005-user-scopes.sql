-- Who may act for which unit: a person keeps the base role of `users.role` and gains, per unit,
-- the roles of data entry and report handling. A unit is an administrative unit's GSO code
-- ("05986") or a department's id ("phong-kinh-te"), both from config/units.yaml.
CREATE TABLE user_scopes (
  user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role        TEXT    NOT NULL CHECK (role IN ('entry', 'approver', 'handler')),
  unit        TEXT    NOT NULL CHECK (length(unit) > 0),
  created_at  INTEGER NOT NULL,
  created_by  TEXT    NOT NULL,
  PRIMARY KEY (user_id, role, unit)
);
CREATE INDEX user_scopes_unit ON user_scopes (unit, role);

-- The one free-text `scope` an `entry` account had before was the unit it enters for.
INSERT INTO user_scopes (user_id, role, unit, created_at, created_by)
  SELECT id, 'entry', trim(scope), created_at, 'migration'
  FROM users WHERE role = 'entry' AND scope IS NOT NULL AND length(trim(scope)) > 0;
