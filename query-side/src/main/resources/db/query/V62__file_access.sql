-- Who may fetch which file (docs/adr/0145): the file-access read model, rebuilt from events.
-- A message's attachments while the message is not deleted (a deletion removes its rows), each
-- with the description the events carried; an upload may in principle be attached more than once.
CREATE TABLE file_message_attachment (
  attachment_id   UUID          NOT NULL,
  conversation_id UUID          NOT NULL,
  seq             BIGINT        NOT NULL,
  message_id      BIGINT        NOT NULL,
  name            VARCHAR(1024) NOT NULL,
  content_type    VARCHAR(255)  NOT NULL,
  size            BIGINT        NOT NULL,
  sha256          VARCHAR(64)   NOT NULL,
  width           INTEGER,
  height          INTEGER,
  thumbnail       BOOLEAN       NOT NULL,
  PRIMARY KEY (attachment_id, conversation_id, seq)
);
CREATE INDEX file_message_attachment_message ON file_message_attachment (conversation_id, seq);

-- Current avatars (one per user) and current group pictures (one per group).
CREATE TABLE file_avatar (
  user_id       UUID          PRIMARY KEY,
  attachment_id UUID          NOT NULL,
  name          VARCHAR(1024) NOT NULL,
  content_type  VARCHAR(255)  NOT NULL,
  size          BIGINT        NOT NULL,
  sha256        VARCHAR(64)   NOT NULL,
  width         INTEGER,
  height        INTEGER,
  thumbnail     BOOLEAN       NOT NULL
);
CREATE INDEX file_avatar_attachment ON file_avatar (attachment_id);

CREATE TABLE file_group_picture (
  conversation_id UUID          PRIMARY KEY,
  attachment_id   UUID          NOT NULL,
  name            VARCHAR(1024) NOT NULL,
  content_type    VARCHAR(255)  NOT NULL,
  size            BIGINT        NOT NULL,
  sha256          VARCHAR(64)   NOT NULL,
  width           INTEGER,
  height          INTEGER,
  thumbnail       BOOLEAN       NOT NULL
);
CREATE INDEX file_group_picture_attachment ON file_group_picture (attachment_id);
