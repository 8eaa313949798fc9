-- A deleted account stays in the directory so history can name its messages' sender as a deleted
-- user; its display name and avatar are erased and it leaves user search (docs/adr/0162).
ALTER TABLE directory_user ADD COLUMN deleted_at TIMESTAMPTZ;
