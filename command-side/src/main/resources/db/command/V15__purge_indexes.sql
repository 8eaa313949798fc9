-- The scheduled purge finds expired refresh tokens and long-ended sessions by time (docs/adr/0093).
CREATE INDEX refresh_token_expires ON refresh_token (expires_at);
CREATE INDEX device_session_ended ON device_session (ended_at) WHERE ended_at IS NOT NULL;
