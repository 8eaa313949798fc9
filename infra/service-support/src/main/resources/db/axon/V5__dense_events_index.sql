-- The events of a stream other than messages and reactions, in stream order (docs/adr/0197): a
-- conversation loads its membership history from here and only its last few hundred messages from
-- the table, however long its stream. The list must be the one the command side's StreamTail names;
-- the engine writes the same literals into its query so the planner can use this index.
CREATE INDEX IF NOT EXISTS domainevententry_dense
  ON domainevententry (aggregateidentifier, sequencenumber)
  WHERE payloadtype NOT IN (
    'io.parley.events.message.MessageDeletedEvent',
    'io.parley.events.message.MessageEditedEvent',
    'io.parley.events.message.MessageSentEvent',
    'io.parley.events.message.ReactionAddedEvent',
    'io.parley.events.message.ReactionRemovedEvent');
