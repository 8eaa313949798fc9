-- Issue 18 (docs/adr/0140): pushed users and conversations carry their avatar / picture id.
ALTER TABLE push_user ADD COLUMN avatar_id UUID;
ALTER TABLE push_conversation ADD COLUMN picture_id UUID;
