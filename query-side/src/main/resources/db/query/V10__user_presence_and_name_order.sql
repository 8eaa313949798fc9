-- Presence as the gateway reports it (UserPresenceChangedEvent), and when the display name last
-- changed, so a redelivered older event never overwrites a newer state.
ALTER TABLE directory_user
  ADD COLUMN online                  BOOLEAN     NOT NULL DEFAULT false,
  ADD COLUMN last_seen_at            TIMESTAMPTZ,
  ADD COLUMN display_name_changed_at TIMESTAMPTZ;

-- Prefix matches on the folded username in a stable order (search pages by this key).
CREATE INDEX directory_user_username_prefix ON directory_user (lower(username) text_pattern_ops);
