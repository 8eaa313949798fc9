-- Web Push (issue 19, docs/adr/0156). Kept by the push service from the event stream and its own
-- REST routes; no other service reads these tables.

-- The VAPID key pair (RFC 8292) every push process signs with: made by the first process that
-- starts without a configured pair (INSERT ... ON CONFLICT DO NOTHING, then everyone reads it).
CREATE TABLE push_vapid_key (
  id          SMALLINT    PRIMARY KEY CHECK (id = 1),
  public_key  BYTEA       NOT NULL,
  private_key BYTEA       NOT NULL,
  created_at  TIMESTAMPTZ NOT NULL
);

-- A browser's push subscription. The endpoint identifies it; re-registering an endpoint moves it
-- to the new user / session. session_id ties it to the device session that registered it, so
-- ending that session (logout, revoke) drops it.
CREATE TABLE push_subscription (
  endpoint    VARCHAR(2048) PRIMARY KEY,
  user_id     UUID          NOT NULL,
  session_id  UUID,
  p256dh      BYTEA         NOT NULL,
  auth        BYTEA         NOT NULL,
  created_at  TIMESTAMPTZ   NOT NULL
);
CREATE INDEX push_subscription_user ON push_subscription (user_id);
CREATE INDEX push_subscription_session ON push_subscription (session_id);

-- The push service's own copy of each member's notification level, from MemberAdded/Removed and
-- NotificationLevelChanged (all three are events of the conversation aggregate, so `version`, its
-- sequence number, orders them). A member who left has member = false and the level forgotten.
CREATE TABLE push_notification_setting (
  conversation_id UUID        NOT NULL,
  user_id         UUID        NOT NULL,
  member          BOOLEAN     NOT NULL,
  level           VARCHAR(16) NOT NULL,
  version         BIGINT      NOT NULL,
  PRIMARY KEY (conversation_id, user_id)
);

-- One row per message some push process has taken on to notify: the first to insert sends it.
CREATE TABLE push_notification_claim (
  conversation_id UUID        NOT NULL,
  seq             BIGINT      NOT NULL,
  claimed_at      TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (conversation_id, seq)
);
CREATE INDEX push_notification_claim_at ON push_notification_claim (claimed_at);
