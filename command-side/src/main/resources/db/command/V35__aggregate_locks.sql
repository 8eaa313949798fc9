-- Serialises the commands of one aggregate across command-side processes (docs/adr/0208): takes a
-- transaction-scoped advisory lock on the aggregate, then answers the last sequence number stored
-- for it, so the caller can drop a cached copy that another process has overtaken. The function
-- is VOLATILE, so its SELECT takes a fresh snapshot after the lock is granted and sees what the
-- previous holder committed. The first key, "AGGR" in ASCII, keeps these locks apart from the
-- other advisory locks of the command side.
CREATE OR REPLACE FUNCTION parley_lock_aggregate(aggregate VARCHAR) RETURNS BIGINT
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(1095190354, hashtext(aggregate));
  RETURN (SELECT max(sequencenumber) FROM domainevententry WHERE aggregateidentifier = aggregate);
END
$$;
