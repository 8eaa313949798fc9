-- Wakes consumers in other processes when events are appended (docs/adr/0115): one NOTIFY per
-- appending statement, delivered when its transaction commits (Postgres folds identical
-- notifications of one transaction into one). A listener in each JVM wakes its event store.
CREATE OR REPLACE FUNCTION parley_events_appended() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('parley_events', '');
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER domainevententry_appended
  AFTER INSERT ON domainevententry
  FOR EACH STATEMENT EXECUTE FUNCTION parley_events_appended();
