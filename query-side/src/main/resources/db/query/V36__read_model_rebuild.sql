-- Read models rebuilt beside the live tables (docs/adr/0100): one row per processor whose replay
-- writes into its own schema until it has caught up and its tables replace the live ones.
CREATE TABLE read_model_rebuild (
  processor   VARCHAR(100) PRIMARY KEY,
  schema_name VARCHAR(63)  NOT NULL,
  started_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);
