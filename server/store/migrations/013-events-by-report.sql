-- One report's own events, found without reading the whole log: a report settled out of the
-- reports aggregator (server/domains/reports/settled-reports.ts) is folded again from them when a
-- citizen, Open311 or an operator asks for it. Partial: only the reports domain pays for it.
CREATE INDEX events_by_report ON events (json_extract(payload, '$.reportId'), seq) WHERE domain = 'reports';
