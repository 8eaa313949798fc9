-- Uploaded files (docs/adr/0140, 0141): the bytes are in the file store under
-- uploads/<upload_id>/original (and /thumbnail); this row describes them. Operational state of the
-- command side, like the idempotency tables: not in the event log.
CREATE TABLE upload (
  upload_id       uuid PRIMARY KEY,
  owner_id        uuid        NOT NULL,
  name            text        NOT NULL,
  content_type    text        NOT NULL,
  size            bigint      NOT NULL,  -- the stored (cleaned) bytes
  sha256          text        NOT NULL,  -- of the stored bytes
  received_sha256 text        NOT NULL,  -- of the bytes as received: a retry sends these again
  width           integer,
  height          integer,
  thumbnail_size  bigint,                -- null when there is no thumbnail
  created_at      timestamptz NOT NULL,
  deleted_at      timestamptz
);

-- The quota sums a user's uploads that are not deleted.
CREATE INDEX upload_owner ON upload (owner_id) WHERE deleted_at IS NULL;
-- The clean-up looks for old uploads that are not deleted.
CREATE INDEX upload_created ON upload (created_at) WHERE deleted_at IS NULL;

-- What refers to an upload: 'message:<messageId>', 'avatar:<userId>', 'picture:<conversationId>'.
-- Kept by the upload-lifecycle processor from the event log; released_at is set when the message
-- is deleted or the avatar/picture replaced.
CREATE TABLE upload_reference (
  upload_id   uuid        NOT NULL REFERENCES upload (upload_id),
  ref         text        NOT NULL,
  released_at timestamptz,
  PRIMARY KEY (upload_id, ref)
);

CREATE INDEX upload_reference_ref ON upload_reference (ref);
