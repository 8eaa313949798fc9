-- When a device session last logged in or refreshed (GET /api/me/sessions), and whether an account
-- was deleted: a deleted account keeps its row only to keep its username reserved; its email,
-- display name and password hash are erased (docs/adr/0162, 0163).
ALTER TABLE device_session ADD COLUMN last_used_at TIMESTAMPTZ;
UPDATE device_session SET last_used_at = created_at;
ALTER TABLE account_credentials ADD COLUMN deleted_at TIMESTAMPTZ;
