-- The NOTIFY of V2 ran inside every appending transaction, and Postgres serializes the commits of
-- all transactions that NOTIFY (a database-wide lock held through commit): concurrent appends
-- queued behind each other's fsync. The appending JVM now notifies after its commit, from one
-- connection of its own, coalesced (AppendNotifier, docs/adr/0115).
DROP TRIGGER IF EXISTS domainevententry_appended ON domainevententry;
DROP FUNCTION IF EXISTS parley_events_appended();
