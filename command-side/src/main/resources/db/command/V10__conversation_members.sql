-- Who belongs to which conversation, as the command side knows it: written by a subscribing
-- handler in the same transaction as the membership events, so it is never behind the aggregate.
-- Read by commands that do not go through the Conversation aggregate (read markers).
CREATE TABLE conversation_member (
  conversation_id UUID        NOT NULL,
  user_id         UUID        NOT NULL,
  role            VARCHAR(16) NOT NULL,
  PRIMARY KEY (conversation_id, user_id)
);
