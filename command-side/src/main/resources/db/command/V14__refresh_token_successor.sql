-- The token a refresh issued in exchange for this one: a spent token whose successor is still
-- unspent may be presented again for a few seconds (a reload during a refresh, docs/adr/0091).
ALTER TABLE refresh_token ADD COLUMN successor_hash BYTEA;
