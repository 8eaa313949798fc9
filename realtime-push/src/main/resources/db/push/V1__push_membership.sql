-- Who may receive a conversation's events. Written by two consumers (the durable catch-up one
-- and the live delivery one), so each row keeps the aggregate sequence number of the event that
-- last wrote it and older events never overwrite newer ones.
CREATE TABLE push_membership (
  conversation_id UUID    NOT NULL,
  user_id         UUID    NOT NULL,
  member          BOOLEAN NOT NULL,
  version         BIGINT  NOT NULL,
  PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX push_membership_user ON push_membership (user_id) WHERE member;
