-- Who is banned from which group (docs/adr/0101): listed to the group's owner and admins.
CREATE TABLE directory_ban (
  conversation_id UUID        NOT NULL,
  user_id         UUID        NOT NULL,
  banned_by       UUID        NOT NULL,
  banned_at       TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX directory_ban_page ON directory_ban (conversation_id, banned_at, user_id);
