package io.parley.standalone;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/** Reads the event store directly: what a command really appended, not what a projection shows. */
final class EventLog {
  private final JdbcTemplate jdbc;

  EventLog(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  long count(UUID aggregateId, Class<?> eventType) {
    return jdbc.queryForObject(
        "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ? AND payloadtype = ?",
        Long.class,
        aggregateId.toString(),
        eventType.getName());
  }

  /** Events of a type that mention the id anywhere in their payload (for non-aggregate events). */
  long countMentioning(UUID id, Class<?> eventType) {
    return jdbc.queryForObject(
        "SELECT count(*) FROM domainevententry WHERE payloadtype = ?"
            + " AND convert_from(payload, 'UTF8') LIKE ?",
        Long.class,
        eventType.getName(),
        "%" + id + "%");
  }

  /** The seq of every message of a conversation in the store, in append order. */
  List<Long> sentSeqs(UUID conversationId) {
    return jdbc.queryForList(
        "SELECT (convert_from(payload, 'UTF8')::jsonb ->> 'seq')::bigint FROM domainevententry"
            + " WHERE aggregateidentifier = ? AND payloadtype = ? ORDER BY sequencenumber",
        Long.class,
        conversationId.toString(),
        "io.parley.events.message.MessageSentEvent");
  }
}
