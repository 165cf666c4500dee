-- One notice's own events, found without reading every notice ever published (SQLite's
-- 019-events-by-announcement.sql): the webhook outbox asks what citizens had before each notice event.
CREATE INDEX events_by_announcement ON events ((payload ->> 'announcementId'), seq) WHERE domain = 'announcements';
