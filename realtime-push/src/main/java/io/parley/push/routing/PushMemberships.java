package io.parley.push.routing;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Who may receive which conversation's events. The table is written by the live and the catch-up
 * consumers; the catch-up one may run a few events ahead of the live one, so the live consumer
 * routes from its own in-memory view, loaded once per conversation and then changed only by the
 * membership events it handles itself, on that conversation's delivery lane (so one thread at a
 * time per conversation): routing is exactly as of the event being pushed. Other threads (typing,
 * acks) read that view when present and the table otherwise, and never fill the view (they could
 * load a state the live consumer has not committed yet).
 */
@Repository
public class PushMemberships {
  private final JdbcTemplate jdbc;
  private final Map<UUID, Set<UUID>> routing = new ConcurrentHashMap<>();

  PushMemberships(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * The catch-up consumer's write: as of aggregate event {@code version}; older ones ignored. The
   * same version is written again, so a replay over the live rows repairs a row without ever
   * passing through an older state (docs/adr/0100).
   */
  void record(UUID conversationId, UUID userId, boolean member, long version) {
    jdbc.update(
        "INSERT INTO push_membership (conversation_id, user_id, member, version)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT (conversation_id, user_id) DO UPDATE"
            + " SET member = EXCLUDED.member, version = EXCLUDED.version"
            + " WHERE push_membership.version <= EXCLUDED.version",
        conversationId,
        userId,
        member,
        version);
  }

  /** The live consumer's write: the table, and its routing view if it holds the conversation. */
  void recordLive(UUID conversationId, UUID userId, boolean member, long version) {
    record(conversationId, userId, member, version);
    routing.computeIfPresent(
        conversationId,
        (id, members) -> {
          Set<UUID> changed = new HashSet<>(members);
          if (member) {
            changed.add(userId);
          } else {
            changed.remove(userId);
          }
          return Set.copyOf(changed);
        });
  }

  /** For the live consumer only: the members as of the event it is handling. */
  Set<UUID> routeTo(UUID conversationId) {
    return routing.computeIfAbsent(conversationId, id -> Set.copyOf(load(id)));
  }

  /** For any thread: the current members. */
  public Set<UUID> members(UUID conversationId) {
    Set<UUID> known = routing.get(conversationId);
    return known != null ? known : Set.copyOf(load(conversationId));
  }

  public boolean isMember(UUID conversationId, UUID userId) {
    return members(conversationId).contains(userId);
  }

  private List<UUID> load(UUID conversationId) {
    return jdbc.queryForList(
        "SELECT user_id FROM push_membership WHERE conversation_id = ? AND member",
        UUID.class,
        conversationId);
  }

  /** Everyone who shares at least one conversation with {@code userId}, themself included. */
  /**
   * Who hears {@code keys.changed} about {@code userId} besides the user: whoever shares an
   * end-to-end encrypted conversation with them now (docs/adr/0182). Others never encrypt to the
   * user's keys, so they need not refetch them.
   */
  List<UUID> keyAudienceOf(UUID userId) {
    return jdbc.queryForList(
        "SELECT DISTINCT other.user_id FROM push_membership mine"
            + " JOIN push_conversation c ON c.conversation_id = mine.conversation_id"
            + " AND c.encrypted"
            + " JOIN push_membership other ON other.conversation_id = mine.conversation_id"
            + " AND other.member WHERE mine.user_id = ? AND mine.member",
        UUID.class,
        userId);
  }

  List<UUID> contactsOf(UUID userId) {
    return jdbc.queryForList(
        "SELECT DISTINCT other.user_id FROM push_membership mine"
            + " JOIN push_membership other ON other.conversation_id = mine.conversation_id"
            + " AND other.member WHERE mine.user_id = ? AND mine.member",
        UUID.class,
        userId);
  }
}
