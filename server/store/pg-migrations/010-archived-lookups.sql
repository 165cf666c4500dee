-- Which archived batches hold the events a look-up wants (SQLite's 018-archived-lookups.sql): a
-- report's own events by `reportId`, a creation by `reporter.trackingCodeHash`. A batch archived
-- before this table existed has `lookups_recorded` false and is read as before.
CREATE TABLE archived_lookups (
  domain   TEXT   NOT NULL,
  field    TEXT   NOT NULL,
  value    TEXT   NOT NULL,
  seq_from BIGINT NOT NULL,
  PRIMARY KEY (domain, field, value, seq_from)
);
ALTER TABLE archived_batches ADD COLUMN lookups_recorded BOOLEAN NOT NULL DEFAULT false;
