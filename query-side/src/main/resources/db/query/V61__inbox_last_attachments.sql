-- The inbox's last message carries its attachments (docs/adr/0144): the list as the wire shows it,
-- JSON, so a preview can say "📎 photo.jpg" without reading the timeline. NULL reads as none.
ALTER TABLE inbox_conversation ADD COLUMN last_attachments JSONB;
