-- Read markers, moved forward by a conditional update outside the Conversation aggregate so that
-- marking as read never queues behind a busy group's sends (ADR 0023).
CREATE TABLE read_marker (
  conversation_id UUID   NOT NULL,
  user_id         UUID   NOT NULL,
  seq             BIGINT NOT NULL,
  PRIMARY KEY (conversation_id, user_id)
);
