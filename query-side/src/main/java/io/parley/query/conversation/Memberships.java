package io.parley.query.conversation;

import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Who may read a conversation, from the directory read model. */
@Repository
public class Memberships {
  private final JdbcTemplate jdbc;

  Memberships(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<String> roleOf(UUID conversationId, UUID userId) {
    return jdbc
        .queryForList(
            "SELECT role FROM directory_membership WHERE conversation_id = ? AND user_id = ?",
            String.class,
            conversationId,
            userId)
        .stream()
        .findFirst();
  }
}
