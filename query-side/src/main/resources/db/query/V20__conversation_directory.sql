-- Conversation directory: direct conversations (no name or topic, two fixed members), member
-- pages ordered by role then join time, and search over public groups only.
ALTER TABLE directory_conversation ALTER COLUMN topic DROP NOT NULL;
ALTER TABLE directory_conversation ADD COLUMN direct_user_a UUID;
ALTER TABLE directory_conversation ADD COLUMN direct_user_b UUID;

-- Partial indexes: private groups and direct conversations are not even in the search index.
CREATE INDEX directory_public_group_name_trgm ON directory_conversation
  USING gin (lower(name) gin_trgm_ops) WHERE kind = 'group' AND visibility = 'public';
CREATE INDEX directory_public_group_topic_trgm ON directory_conversation
  USING gin (lower(topic) gin_trgm_ops) WHERE kind = 'group' AND visibility = 'public';
CREATE INDEX directory_public_group_by_name ON directory_conversation (lower(name), conversation_id)
  WHERE kind = 'group' AND visibility = 'public';

ALTER TABLE directory_membership ADD COLUMN role_rank SMALLINT
  GENERATED ALWAYS AS (CASE role WHEN 'owner' THEN 0 WHEN 'admin' THEN 1 ELSE 2 END) STORED;
CREATE INDEX directory_membership_page
  ON directory_membership (conversation_id, role_rank, joined_at, user_id);
