package io.parley.command.conversation;

import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.events.conversation.ConversationView;
import io.parley.events.conversation.CreateInviteCommand;
import io.parley.events.conversation.DeleteGroupCommand;
import io.parley.events.conversation.JoinByInviteCommand;
import io.parley.events.conversation.JoinGroupCommand;
import io.parley.events.conversation.RevokeInviteCommand;
import io.parley.support.auth.AuthenticatedUser;
import io.parley.support.web.CurrentUser;
import io.parley.support.web.Validator;
import io.swagger.v3.oas.annotations.media.Schema;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Invite links (create, revoke, join by code), joining a public group by its exact name, and
 * deleting a group (docs/adr/0159, 0160, 0161).
 */
@RestController
class InviteController {
  /** 18 random bytes: 144 bits, 24 base64url characters. */
  static final int CODE_BYTES = 18;

  static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{22,64}");
  static final long MAX_EXPIRY_SECONDS = Duration.ofDays(365).toSeconds();

  record CreateInviteRequest(
      @Schema(
              description =
                  "Seconds until the link expires (60 to 31536000); null or absent: never",
              minimum = "60",
              maximum = "31536000")
          Long expiresInSeconds,
      @Schema(description = "Joins the link admits (1 to 10000); null or absent: unlimited")
          Integer maxUses) {}

  record CreatedInvite(
      String code,
      UUID conversationId,
      UUID createdBy,
      Instant createdAt,
      Instant expiresAt,
      Integer maxUses,
      int uses) {}

  record JoinByNameRequest(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1, maxLength = 100)
          String name) {}

  private final CommandGateway commands;
  private final GroupLookups lookups;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  InviteController(CommandGateway commands, GroupLookups lookups, Clock clock) {
    this.commands = commands;
    this.lookups = lookups;
    this.clock = Clock.tick(clock, Duration.ofMillis(1));
  }

  @PostMapping("/api/groups/{groupId}/invites")
  @ResponseStatus(HttpStatus.CREATED)
  Map<String, CreatedInvite> create(
      @CurrentUser AuthenticatedUser user,
      @PathVariable UUID groupId,
      @RequestBody(required = false) CreateInviteRequest request) {
    Long seconds = request == null ? null : request.expiresInSeconds();
    Integer maxUses = request == null ? null : request.maxUses();
    Validator v = new Validator();
    v.require(
        seconds == null || (seconds >= 60 && seconds <= MAX_EXPIRY_SECONDS),
        "expiresInSeconds",
        "must be 60 to " + MAX_EXPIRY_SECONDS + ", or null for never");
    v.require(
        maxUses == null || (maxUses >= 1 && maxUses <= Conversation.MAX_MEMBERS),
        "maxUses",
        "must be 1 to " + Conversation.MAX_MEMBERS + ", or null for unlimited");
    v.throwIfInvalid();
    Instant now = clock.instant();
    Instant expiresAt = seconds == null ? null : now.plusSeconds(seconds);
    String code = newCode();
    commands.sendAndWait(
        new CreateInviteCommand(groupId, user.userId(), code, expiresAt, maxUses, now));
    return Map.of(
        "invite", new CreatedInvite(code, groupId, user.userId(), now, expiresAt, maxUses, 0));
  }

  @DeleteMapping("/api/groups/{groupId}/invites/{code}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void revoke(
      @CurrentUser AuthenticatedUser user, @PathVariable UUID groupId, @PathVariable String code) {
    if (!CODE.matcher(code).matches()) {
      // Not a code we could have made: nothing to revoke, but the caller's rights still count.
      code = "-";
    }
    commands.sendAndWait(new RevokeInviteCommand(groupId, user.userId(), code, clock.instant()));
  }

  /** Joins the invite's group; unknown codes are 404, spent ones 410, banned users 403. */
  @PostMapping("/api/invites/{code}/join")
  Map<String, ConversationView> join(
      @CurrentUser AuthenticatedUser user, @PathVariable String code) {
    UUID groupId =
        (CODE.matcher(code).matches()
                ? lookups.groupOfInvite(code)
                : java.util.Optional.<UUID>empty())
            .orElseThrow(() -> new DomainException(ErrorCode.NOT_FOUND, "No such invite."));
    ConversationView view =
        commands.sendAndWait(
            new JoinByInviteCommand(groupId, user.userId(), code, clock.instant()));
    return Map.of("conversation", view);
  }

  /**
   * Joins the public group with exactly this name (case-insensitive). None: 404; several: 409, and
   * the caller picks one from the group search instead (docs/adr/0160).
   */
  @PostMapping("/api/groups/join-by-name")
  Map<String, ConversationView> joinByName(
      @CurrentUser AuthenticatedUser user, @RequestBody JoinByNameRequest request) {
    Validator v = new Validator();
    String name = request.name();
    v.require(name != null && !name.isBlank(), "name", "must not be blank");
    if (v.text(name, "name", 1, 100)) {
      v.require(
          name.codePoints().noneMatch(Character::isISOControl),
          "name",
          "must not contain control characters");
    }
    v.throwIfInvalid();
    List<UUID> groups = lookups.publicGroupsNamed(name);
    if (groups.isEmpty()) {
      throw new DomainException(ErrorCode.NOT_FOUND, "No public group has that name.");
    }
    if (groups.size() > 1) {
      throw new DomainException(
          ErrorCode.CONFLICT, "Several public groups have that name; pick one from the search.");
    }
    ConversationView view =
        commands.sendAndWait(new JoinGroupCommand(groups.get(0), user.userId(), clock.instant()));
    return Map.of("conversation", view);
  }

  @DeleteMapping("/api/groups/{groupId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(@CurrentUser AuthenticatedUser user, @PathVariable UUID groupId) {
    commands.sendAndWait(new DeleteGroupCommand(groupId, user.userId(), clock.instant()));
  }

  private String newCode() {
    byte[] bytes = new byte[CODE_BYTES];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
