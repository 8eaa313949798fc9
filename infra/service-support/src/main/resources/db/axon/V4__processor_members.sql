-- The instances running each streaming processor, renewed every few seconds, so each instance
-- knows its fair share of the processor's segments (docs/adr/0173). A row not renewed for the
-- member timeout no longer counts.
CREATE TABLE processor_member (
  processor VARCHAR(255) NOT NULL,
  member    VARCHAR(255) NOT NULL,
  seen_at   TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (processor, member)
);
