-- Presence leaves the event log (docs/adr/0097): the push service announces each flip with
-- Postgres NOTIFY and the query side keeps the latest here, apart from the log-built
-- directory_user (so a rebuild of the directory never resets it). directory_user.online and
-- last_seen_at are no longer written; they can be dropped after a release.
CREATE TABLE directory_presence (
  user_id      UUID        PRIMARY KEY,
  online       BOOLEAN     NOT NULL,
  last_seen_at TIMESTAMPTZ NOT NULL
);

INSERT INTO directory_presence (user_id, online, last_seen_at)
  SELECT user_id, online, last_seen_at FROM directory_user WHERE last_seen_at IS NOT NULL;
