-- A citizen's tracking code, found without reading the whole log (SQLite's
-- 017-events-by-tracking-code.sql): the report a code was given for, once it has settled.
CREATE INDEX events_by_tracking_code ON events ((payload #>> '{reporter,trackingCodeHash}'))
  WHERE domain = 'reports' AND kind = 'report.created';
