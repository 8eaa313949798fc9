package io.parley.query.conversation;

import io.parley.query.consistency.ReadBarrier;
import io.parley.support.auth.AuthenticatedUser;
import io.parley.support.web.CurrentUser;
import io.parley.support.web.Validator;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A group's activity, the system entries of its timeline (docs/adr/0160), readable by whoever may
 * read its history. Entries are ordered by {@code activityId}; each sits after the message with seq
 * {@code afterSeq} (0: before the first message). Pages like history: {@code before} (default:
 * newest) pages back, {@code after} forward; items ascend.
 */
@RestController
class ActivityQueryController {
  record Activity(
      String activityId,
      long afterSeq,
      @Schema(
              allowableValues = {
                "created",
                "joined",
                "joined_by_invite",
                "added",
                "left",
                "removed",
                "role_changed",
                "renamed",
                "topic_changed",
                "visibility_changed",
                "picture_changed",
                "picture_removed"
              })
          String kind,
      @Schema(nullable = true) UUID actorId,
      @Schema(nullable = true) String actorName,
      @Schema(nullable = true) UUID userId,
      @Schema(nullable = true) String userName,
      @Schema(
              nullable = true,
              description = "The new name, topic, visibility or role; the group's name at creation")
          String detail,
      Instant at) {}

  @Schema(name = "ActivityPage")
  record Page(List<Activity> items, String nextCursor) {}

  private final JdbcTemplate jdbc;
  private final Conversations conversations;
  private final ReadBarrier barrier;

  ActivityQueryController(JdbcTemplate jdbc, Conversations conversations, ReadBarrier barrier) {
    this.jdbc = jdbc;
    this.conversations = conversations;
    this.barrier = barrier;
  }

  @GetMapping("/api/conversations/{conversationId}/activity")
  Page activity(
      @CurrentUser AuthenticatedUser user,
      @PathVariable String conversationId,
      @RequestParam(required = false) String before,
      @RequestParam(required = false) String after,
      @RequestParam(defaultValue = "50") String limit) {
    Validator v = new Validator();
    UUID id = v.uuid(conversationId, "conversationId");
    int size = Limits.parse(v, limit);
    Long beforeId = position(v, before, "before");
    Long afterId = position(v, after, "after");
    v.require(before == null || after == null, "before", "cannot be combined with after");
    v.throwIfInvalid();
    barrier.awaitActivity(id);
    conversations.requireVisible(id, user.userId());
    boolean forward = afterId != null;
    String sql =
        "SELECT a.*, au.display_name AS actor_name, tu.display_name AS user_name"
            + " FROM inbox_activity a"
            + " LEFT JOIN directory_user au ON au.user_id = a.actor_id"
            + " LEFT JOIN directory_user tu ON tu.user_id = a.user_id"
            + " WHERE a.conversation_id = ?"
            + (forward ? " AND a.event_seq > ?" : beforeId != null ? " AND a.event_seq < ?" : "")
            + " ORDER BY a.event_seq "
            + (forward ? "ASC" : "DESC")
            + " LIMIT ?";
    List<Object> args = new ArrayList<>(List.of(id));
    if (forward) {
      args.add(afterId);
    } else if (beforeId != null) {
      args.add(beforeId);
    }
    args.add(size + 1);
    List<Activity> rows =
        new ArrayList<>(
            jdbc.query(
                sql,
                (rs, n) ->
                    new Activity(
                        Long.toString(rs.getLong("event_seq")),
                        rs.getLong("after_seq"),
                        rs.getString("kind"),
                        rs.getObject("actor_id", UUID.class),
                        rs.getString("actor_name"),
                        rs.getObject("user_id", UUID.class),
                        rs.getString("user_name"),
                        rs.getString("detail"),
                        ConversationRows.instant(rs, "at")),
                args.toArray()));
    String next = null;
    if (rows.size() > size) {
      rows = new ArrayList<>(rows.subList(0, size));
      next = rows.get(size - 1).activityId();
    }
    if (!forward) {
      Collections.reverse(rows);
    }
    return new Page(rows, next);
  }

  private static Long position(Validator v, String value, String field) {
    if (value == null) {
      return null;
    }
    try {
      long position = Long.parseLong(value.strip());
      v.require(position >= 0, field, "must be an activityId");
      return position;
    } catch (NumberFormatException e) {
      v.require(false, field, "must be an activityId");
      return null;
    }
  }
}
