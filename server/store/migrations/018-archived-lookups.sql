-- Which archived batches hold the events a look-up wants: a report's own events (by `reportId`)
-- and the creation a tracking code was given for (by `reporter.trackingCodeHash`), the archive's
-- counterpart of the hot store's partial indexes (013, 017). Before, a look-up read every archived
-- batch first, even for a report created today (an operator's report detail, a citizen's wrong
-- code). Recorded with the batch, in its commit; a batch archived before this table existed has
-- `lookups_recorded` 0 and is read as before.
CREATE TABLE archived_lookups (
  domain   TEXT    NOT NULL,
  field    TEXT    NOT NULL,
  value    TEXT    NOT NULL,
  seq_from INTEGER NOT NULL,
  PRIMARY KEY (domain, field, value, seq_from)
) WITHOUT ROWID;
ALTER TABLE archived_batches ADD COLUMN lookups_recorded INTEGER NOT NULL DEFAULT 0;
