-- Where a gateway session stands in the event log, so a socket that lands on another push process
-- resumes there (docs/adr/0175). Written by the process holding the session when its socket drops
-- and when that process shuts down; claimed (owner and version change) by the process it resumes
-- on. last_event_id: the session's last event id; position: the log position every log event up to
-- which was pushed to it as an id <= last_event_id (and no later one); frames: its last frames, so
-- a client that missed a few in flight still resumes exactly (from resumable_from on).
CREATE TABLE push_resume_point (
  session_id     TEXT        NOT NULL PRIMARY KEY,
  user_id        UUID        NOT NULL,
  owner          TEXT        NOT NULL,
  version        BIGINT      NOT NULL,
  last_event_id  BIGINT      NOT NULL,
  resumable_from BIGINT      NOT NULL,
  position       TEXT        NOT NULL,
  frames         TEXT        NOT NULL,
  saved_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX push_resume_point_saved ON push_resume_point (saved_at);
