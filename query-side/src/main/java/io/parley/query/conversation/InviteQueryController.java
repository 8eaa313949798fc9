package io.parley.query.conversation;

import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.query.consistency.ReadBarrier;
import io.parley.support.auth.AuthenticatedUser;
import io.parley.support.web.CurrentUser;
import io.parley.support.web.Validator;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Invite links (docs/adr/0159): their list for a group's owners and admins, newest first, and the
 * preview anyone signed in with a code gets before joining.
 */
@RestController
class InviteQueryController {
  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{22,64}");

  record Invite(
      String code,
      UUID conversationId,
      UUID createdBy,
      @Schema(nullable = true) String createdByName,
      Instant createdAt,
      @Schema(nullable = true) Instant expiresAt,
      @Schema(nullable = true) Integer maxUses,
      int uses,
      @Schema(nullable = true) Instant revokedAt,
      @Schema(allowableValues = {"active", "expired", "used_up", "revoked"}) String status) {}

  @Schema(name = "InvitePage")
  record Page(List<Invite> items, String nextCursor) {}

  record PreviewGroup(
      UUID conversationId,
      String name,
      String topic,
      String visibility,
      int memberCount,
      @Schema(nullable = true) UUID pictureId) {}

  record Preview(
      String code,
      @Schema(nullable = true) Instant expiresAt,
      PreviewGroup group,
      @Schema(description = "Whether the caller is a member already") boolean member) {}

  private final JdbcTemplate jdbc;
  private final Conversations conversations;
  private final ReadBarrier barrier;
  private final Clock clock;

  InviteQueryController(
      JdbcTemplate jdbc, Conversations conversations, ReadBarrier barrier, Clock clock) {
    this.jdbc = jdbc;
    this.conversations = conversations;
    this.barrier = barrier;
    this.clock = clock;
  }

  @GetMapping("/api/groups/{groupId}/invites")
  Page list(
      @CurrentUser AuthenticatedUser user,
      @PathVariable String groupId,
      @RequestParam(defaultValue = "50") String limit,
      @RequestParam(required = false) String cursor) {
    Validator v = new Validator();
    UUID id = v.uuid(groupId, "groupId");
    int size = Limits.parse(v, limit);
    v.throwIfInvalid();
    Object[] after = null;
    if (cursor != null) {
      String[] parts = Cursor.decode(cursor, 2);
      after =
          new Object[] {
            OffsetDateTime.ofInstant(
                Cursor.part(parts[0], s -> Cursor.instantOfMicros(Long.parseLong(s))),
                ZoneOffset.UTC),
            Cursor.part(parts[1], s -> s)
          };
    }
    barrier.awaitActivity(id);
    Conversations.Seen seen = conversations.require(id, user.userId());
    if (!"group".equals(seen.conversation().kind())) {
      throw new DomainException(ErrorCode.NOT_FOUND, "No such group.");
    }
    if (!"owner".equals(seen.myRole()) && !"admin".equals(seen.myRole())) {
      throw new DomainException(
          ErrorCode.FORBIDDEN, "Only owners and admins see a group's invite links.");
    }
    String keyset = after == null ? "" : " AND (i.created_at, i.code) < (?, ?)";
    Object[] args =
        after == null
            ? new Object[] {id, size + 1}
            : new Object[] {id, after[0], after[1], size + 1};
    Instant now = clock.instant();
    List<Invite> rows =
        jdbc.query(
            "SELECT i.*, u.display_name FROM directory_invite i"
                + " LEFT JOIN directory_user u ON u.user_id = i.created_by"
                + " WHERE i.conversation_id = ?"
                + keyset
                + " ORDER BY i.created_at DESC, i.code DESC LIMIT ?",
            (rs, n) -> {
              Instant expiresAt = ConversationRows.instant(rs, "expires_at");
              Integer maxUses = (Integer) rs.getObject("max_uses");
              int uses = rs.getInt("uses");
              Instant revokedAt = ConversationRows.instant(rs, "revoked_at");
              return new Invite(
                  rs.getString("code"),
                  rs.getObject("conversation_id", UUID.class),
                  rs.getObject("created_by", UUID.class),
                  rs.getString("display_name"),
                  ConversationRows.instant(rs, "created_at"),
                  expiresAt,
                  maxUses,
                  uses,
                  revokedAt,
                  status(now, expiresAt, maxUses, uses, revokedAt));
            },
            args);
    if (rows.size() <= size) {
      return new Page(rows, null);
    }
    Invite last = rows.get(size - 1);
    return new Page(
        rows.subList(0, size), Cursor.encode(Cursor.micros(last.createdAt()), last.code()));
  }

  /** 404 for a code never made (or of a deleted group); 410 for one that admits nobody now. */
  @GetMapping("/api/invites/{code}")
  Preview preview(@CurrentUser AuthenticatedUser user, @PathVariable String code) {
    if (!CODE.matcher(code).matches()) {
      throw new DomainException(ErrorCode.NOT_FOUND, "No such invite.");
    }
    List<UUID> groupOf =
        jdbc.queryForList(
            "SELECT conversation_id FROM directory_invite WHERE code = ?", UUID.class, code);
    if (groupOf.isEmpty()) {
      throw new DomainException(ErrorCode.NOT_FOUND, "No such invite.");
    }
    // Uses, revocation and deletion as of this request (docs/adr/0110).
    barrier.awaitActivity(groupOf.get(0));
    List<Preview> found =
        jdbc.query(
            "SELECT i.*, c.name, c.topic, c.visibility, c.member_count, c.picture_id,"
                + " (m.user_id IS NOT NULL) AS member"
                + " FROM directory_invite i"
                + " JOIN directory_conversation c ON c.conversation_id = i.conversation_id"
                + " LEFT JOIN directory_membership m"
                + "   ON m.conversation_id = i.conversation_id AND m.user_id = ?"
                + " WHERE i.code = ?",
            (rs, n) -> {
              Instant expiresAt = ConversationRows.instant(rs, "expires_at");
              String status =
                  status(
                      clock.instant(),
                      expiresAt,
                      (Integer) rs.getObject("max_uses"),
                      rs.getInt("uses"),
                      ConversationRows.instant(rs, "revoked_at"));
              boolean member = rs.getBoolean("member");
              if (!"active".equals(status) && !member) {
                throw new DomainException(
                    ErrorCode.INVITE_GONE,
                    "This invite link has expired, was revoked or is used up.");
              }
              return new Preview(
                  rs.getString("code"),
                  expiresAt,
                  new PreviewGroup(
                      rs.getObject("conversation_id", UUID.class),
                      rs.getString("name"),
                      rs.getString("topic"),
                      rs.getString("visibility"),
                      rs.getInt("member_count"),
                      rs.getObject("picture_id", UUID.class)),
                  member);
            },
            user.userId(),
            code);
    if (found.isEmpty()) {
      throw new DomainException(ErrorCode.NOT_FOUND, "No such invite.");
    }
    return found.get(0);
  }

  static String status(
      Instant now, Instant expiresAt, Integer maxUses, int uses, Instant revokedAt) {
    if (revokedAt != null) {
      return "revoked";
    }
    if (expiresAt != null && !now.isBefore(expiresAt)) {
      return "expired";
    }
    if (maxUses != null && uses >= maxUses) {
      return "used_up";
    }
    return "active";
  }
}
