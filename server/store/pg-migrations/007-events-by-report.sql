-- One report's own events, found without reading the whole log (SQLite's 013-events-by-report.sql):
-- a report settled out of the reports aggregator is folded again from them on a read.
CREATE INDEX events_by_report ON events ((payload ->> 'reportId'), seq) WHERE domain = 'reports';
