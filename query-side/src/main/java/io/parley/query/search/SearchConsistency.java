package io.parley.query.search;

import io.parley.events.message.MessageDeletedEvent;
import io.parley.events.message.MessageEditedEvent;
import io.parley.events.message.MessageSentEvent;
import io.parley.support.admin.LogFold;
import io.parley.support.admin.ReadModelVerifier;
import io.parley.support.admin.RowComparison;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Checks the message-search read model against the log, folded on its own: one row per message not
 * deleted, with its sender, time and current body.
 */
@Component
class SearchConsistency implements ReadModelVerifier {
  private final LogFold log;
  private final JdbcTemplate jdbc;

  SearchConsistency(LogFold log, JdbcTemplate jdbc) {
    this.log = log;
    this.jdbc = jdbc;
  }

  @Override
  public String processor() {
    return SearchProjection.GROUP;
  }

  @Override
  public Report verify() {
    SortedMap<String, String> expected = new TreeMap<>();
    SortedMap<String, String> sent = new TreeMap<>();
    LogFold.Folded folded =
        log.fold(processor(), event -> apply(expected, sent, event.getPayload()));
    SortedMap<String, String> actual = new TreeMap<>();
    jdbc.query(
        "SELECT conversation_id, seq, message_id, sender_id, created_at, body FROM search_message",
        row -> {
          actual.put(
              key(row.getObject("conversation_id", UUID.class), row.getLong("seq")),
              RowComparison.line(
                  row.getLong("message_id"),
                  row.getString("sender_id"),
                  row.getObject("created_at", java.time.OffsetDateTime.class).toInstant(),
                  row.getString("body")));
        });
    Predicate<String> settled = folded.settled();
    return new RowComparison(processor())
        .table(
            "search_message",
            expected,
            actual,
            key -> settled.test(key.substring(0, key.indexOf('/'))))
        .report();
  }

  private static void apply(
      SortedMap<String, String> expected, SortedMap<String, String> sent, Object payload) {
    if (payload instanceof MessageSentEvent e && !e.encrypted()) {
      String key = key(e.conversationId(), e.seq());
      String head = RowComparison.line(e.messageId(), e.senderId().toString(), e.sentAt());
      sent.put(key, head);
      expected.put(key, line(head, e.body()));
    } else if (payload instanceof MessageEditedEvent e && !e.encrypted()) {
      String key = key(e.conversationId(), e.seq());
      String head = sent.get(key);
      if (head != null && expected.containsKey(key)) {
        expected.put(key, line(head, e.body()));
      }
    } else if (payload instanceof MessageDeletedEvent e) {
      String key = key(e.conversationId(), e.seq());
      expected.remove(key);
      sent.remove(key);
    }
  }

  private static String line(String head, String body) {
    return RowComparison.line(head, SearchProjection.indexed(body));
  }

  private static String key(UUID conversationId, long seq) {
    return conversationId + "/" + seq;
  }
}
