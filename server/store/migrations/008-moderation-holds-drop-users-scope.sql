-- Moderators' approvals and rejections waiting out their undo window (moderation-queue.ts). Kept
-- here, not in memory, so that a restart within the window neither drops a decision nor lets an
-- undo be refused as "too late": the window closes on the stored instant, whoever is running then.
CREATE TABLE moderation_holds (
  report_id   TEXT    PRIMARY KEY,
  decision    TEXT    NOT NULL CHECK (decision IN ('approve', 'reject')),
  commits_at  INTEGER NOT NULL,                      -- epoch ms, on the app's injected clock
  user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  ip          TEXT    NOT NULL,
  held_at     INTEGER NOT NULL
);
CREATE INDEX moderation_holds_commits_at ON moderation_holds (commits_at);

-- The free-text `scope` of an account: carried into user_scopes by 005 and unused since; units
-- are given only as scopes (POST/PATCH /api/v1/users `scopes`, `npm run ioc -- user scope add`).
ALTER TABLE users DROP COLUMN scope;
