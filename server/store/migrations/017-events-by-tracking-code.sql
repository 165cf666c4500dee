-- A citizen's tracking code, found without reading the whole log: the report a code was given
-- for is looked up by the code's fingerprint (server/domains/reports/settled-reports.ts) when the
-- report has settled out of the aggregator, and a wrong code used to read every report created.
-- Partial: only the reports' creations pay for it.
CREATE INDEX events_by_tracking_code ON events (json_extract(payload, '$.reporter.trackingCodeHash'))
  WHERE domain = 'reports' AND kind = 'report.created';
