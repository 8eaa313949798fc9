package io.parley.push.routing;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The push service's own membership table: who may receive which conversation's events. Lookups are
 * cached per conversation; every write of this process drops the entry, and every process writes
 * every membership event it consumes, so the cache never outlives a change.
 */
@Repository
public class PushMemberships {
  private final JdbcTemplate jdbc;
  private final Map<UUID, List<UUID>> cache = new ConcurrentHashMap<>();

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
    cache.remove(conversationId);
  }

  public List<UUID> members(UUID conversationId) {
    return cache.computeIfAbsent(
        conversationId,
        id ->
            List.copyOf(
                jdbc.queryForList(
                    "SELECT user_id FROM push_membership WHERE conversation_id = ? AND member",
                    UUID.class,
                    id)));
  }

  public boolean isMember(UUID conversationId, UUID userId) {
    return members(conversationId).contains(userId);
  }

  /** Everyone who shares at least one conversation with {@code userId}, themself included. */
  List<UUID> contactsOf(UUID userId) {
    return jdbc.queryForList(
        "SELECT DISTINCT other.user_id FROM push_membership mine"
            + " JOIN push_membership other ON other.conversation_id = mine.conversation_id"
            + " AND other.member WHERE mine.user_id = ? AND mine.member",
        UUID.class,
        userId);
  }

  void clear() {
    jdbc.update("TRUNCATE push_membership");
    cache.clear();
  }
}
