package io.parley.push.routing;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The push service's own membership table: who may receive which conversation's events. */
@Repository
class PushMemberships {
  private final JdbcTemplate jdbc;

  PushMemberships(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Records membership as of aggregate event {@code version}; older versions are ignored. */
  void record(UUID conversationId, UUID userId, boolean member, long version) {
    jdbc.update(
        "INSERT INTO push_membership (conversation_id, user_id, member, version)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT (conversation_id, user_id) DO UPDATE"
            + " SET member = EXCLUDED.member, version = EXCLUDED.version"
            + " WHERE push_membership.version < EXCLUDED.version",
        conversationId,
        userId,
        member,
        version);
  }

  List<UUID> members(UUID conversationId) {
    return jdbc.queryForList(
        "SELECT user_id FROM push_membership WHERE conversation_id = ? AND member",
        UUID.class,
        conversationId);
  }

  void clear() {
    jdbc.update("TRUNCATE push_membership");
  }
}
