-- Snowflake node ids leased by running command-side instances (docs/adr/0170). A row is held while
-- its holder renews it; an expired row is reused only after a safety gap.
CREATE TABLE node_id_leases (
  node_id     INTEGER PRIMARY KEY CHECK (node_id BETWEEN 0 AND 1023),
  holder      UUID NOT NULL,
  holder_name TEXT NOT NULL,
  acquired_at TIMESTAMPTZ NOT NULL,
  expires_at  TIMESTAMPTZ NOT NULL
);
