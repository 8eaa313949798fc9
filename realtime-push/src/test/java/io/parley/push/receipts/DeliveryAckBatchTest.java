package io.parley.push.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.push.PushEvents;
import io.parley.push.PushTest;
import io.parley.push.gateway.Awaiting;
import io.parley.push.routing.PushConversations;
import io.parley.push.routing.PushMemberships;
import io.parley.support.auth.AccessTokens;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.axonframework.eventhandling.EventBus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Acks that arrive while one is being written are written together (docs/adr/0222). */
@PushTest
class DeliveryAckBatchTest {
  @Autowired EventBus eventBus;
  @Autowired AccessTokens tokens;
  @Autowired JdbcTemplate jdbc;
  @Autowired DataSource dataSource;
  @Autowired PushMemberships memberships;
  @Autowired PushConversations conversations;

  @Test
  void acksThatArriveDuringAWriteShareTheNextStatement() throws Exception {
    PushEvents events = new PushEvents(eventBus, tokens);
    UUID alice = events.user("alice");
    List<UUID> readers = List.of(events.user("bob"), events.user("carol"), events.user("dave"));
    UUID group = events.group(alice, readers.toArray(UUID[]::new));
    events.messages(group, alice, "hi", 2);
    Awaiting.until(() -> conversations.reached(group, 2), Duration.ofSeconds(10));

    AtomicInteger statements = new AtomicInteger();
    JdbcTemplate counting =
        new JdbcTemplate(dataSource) {
          @Override
          public <T> List<T> queryForList(String sql, Class<T> type, Object... args) {
            statements.incrementAndGet();
            return super.queryForList(sql, type, args);
          }
        };
    DeliveryAcks acks = new DeliveryAcks(counting, memberships, conversations);
    try (Connection blocker = dataSource.getConnection()) {
      // Bob's marker exists and is locked: the first write waits for it.
      jdbc.update(
          "INSERT INTO push_delivery_marker (conversation_id, user_id, seq) VALUES (?, ?, 0)",
          group,
          readers.get(0));
      blocker.setAutoCommit(false);
      try (PreparedStatement lock =
          blocker.prepareStatement(
              "SELECT 1 FROM push_delivery_marker WHERE conversation_id = ? AND user_id = ?"
                  + " FOR UPDATE")) {
        lock.setObject(1, group);
        lock.setObject(2, readers.get(0));
        lock.executeQuery().close();
      }
      acks.ack(readers.get(0), group, 1);
      Awaiting.until(() -> statements.get() == 1, Duration.ofSeconds(10));
      for (UUID reader : readers) {
        acks.ack(reader, group, 2);
      }
      acks.ack(alice, group, 99); // past the conversation's last seq: not taken
      blocker.commit();
    }
    Awaiting.until(
        () ->
            jdbc.queryForList(
                    "SELECT seq FROM push_delivery_marker WHERE conversation_id = ?",
                    Long.class,
                    group)
                .equals(List.of(2L, 2L, 2L)),
        Duration.ofSeconds(10));
    assertThat(statements)
        .as("the three acks made during the first write: one statement")
        .hasValue(2);
    acks.destroy();
  }
}
