-- One notice's own events, found without reading every notice ever published: the webhook outbox
-- asks, for each notice event it follows, what citizens had before it (an edit or a withdrawal is
-- told as such). Without it each question read every announcement's payload (69 % of a server's
-- CPU at 448 notices/s in bench:latency, growing with the log). Partial: only announcements pay.
CREATE INDEX events_by_announcement ON events (json_extract(payload, '$.announcementId'), seq)
  WHERE domain = 'announcements';
