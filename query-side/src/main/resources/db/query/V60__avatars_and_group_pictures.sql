-- Issue 18 (docs/adr/0140): a user's current avatar and a group's current picture, as the ids the
-- client fetches at /api/files/{id}; null when unset.
ALTER TABLE directory_user ADD COLUMN avatar_id UUID;
ALTER TABLE directory_conversation ADD COLUMN picture_id UUID;
