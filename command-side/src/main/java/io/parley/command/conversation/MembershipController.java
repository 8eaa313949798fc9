package io.parley.command.conversation;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.events.conversation.AddMemberCommand;
import io.parley.events.conversation.BanMemberCommand;
import io.parley.events.conversation.ChangeMemberRoleCommand;
import io.parley.events.conversation.MemberRole;
import io.parley.events.conversation.RemoveMemberCommand;
import io.parley.events.conversation.UnbanMemberCommand;
import io.parley.support.auth.AuthenticatedUser;
import io.parley.support.web.CurrentUser;
import io.parley.support.web.Validator;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Owners and admins managing who is in a group, with which role, and who is banned from it. */
@RestController
class MembershipController {
  record AddMemberRequest(@Schema(requiredMode = REQUIRED, format = "uuid") String userId) {}

  record RoleRequest(
      @Schema(
              requiredMode = REQUIRED,
              allowableValues = {"owner", "admin", "member"})
          String role) {}

  private final CommandGateway commands;
  private final UserExistence users;
  private final Clock clock;

  MembershipController(CommandGateway commands, UserExistence users, Clock clock) {
    this.commands = commands;
    this.users = users;
    // Whole milliseconds: the API's time format, and what every store keeps exactly.
    this.clock = Clock.tick(clock, Duration.ofMillis(1));
  }

  @PostMapping("/api/groups/{groupId}/members")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void add(
      @CurrentUser AuthenticatedUser user,
      @PathVariable UUID groupId,
      @RequestBody AddMemberRequest request) {
    Validator v = new Validator();
    UUID userId = v.uuid(request.userId(), "userId");
    v.throwIfInvalid();
    if (!users.exists(userId)) {
      throw new DomainException(ErrorCode.NOT_FOUND, "No such user.");
    }
    commands.sendAndWait(new AddMemberCommand(groupId, user.userId(), userId, clock.instant()));
  }

  @DeleteMapping("/api/groups/{groupId}/members/{userId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void remove(
      @CurrentUser AuthenticatedUser user,
      @PathVariable UUID groupId,
      @PathVariable UUID userId,
      @RequestParam(defaultValue = "false") String ban) {
    Validator v = new Validator();
    v.require("true".equals(ban) || "false".equals(ban), "ban", "must be true or false");
    v.throwIfInvalid();
    if ("true".equals(ban)) {
      commands.sendAndWait(new BanMemberCommand(groupId, user.userId(), userId, clock.instant()));
    } else {
      commands.sendAndWait(
          new RemoveMemberCommand(groupId, user.userId(), userId, clock.instant()));
    }
  }

  /** Bans a user whether or not they are a member now: a member is removed as well. */
  @PutMapping("/api/groups/{groupId}/bans/{userId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void ban(
      @CurrentUser AuthenticatedUser user, @PathVariable UUID groupId, @PathVariable UUID userId) {
    if (!users.exists(userId)) {
      throw new DomainException(ErrorCode.NOT_FOUND, "No such user.");
    }
    commands.sendAndWait(new BanMemberCommand(groupId, user.userId(), userId, clock.instant()));
  }

  @DeleteMapping("/api/groups/{groupId}/bans/{userId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void unban(
      @CurrentUser AuthenticatedUser user, @PathVariable UUID groupId, @PathVariable UUID userId) {
    commands.sendAndWait(new UnbanMemberCommand(groupId, user.userId(), userId, clock.instant()));
  }

  @PutMapping("/api/groups/{groupId}/members/{userId}/role")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void changeRole(
      @CurrentUser AuthenticatedUser user,
      @PathVariable UUID groupId,
      @PathVariable UUID userId,
      @RequestBody RoleRequest request) {
    Validator v = new Validator();
    MemberRole role = parseRole(request.role());
    v.require(role != null, "role", "must be \"owner\", \"admin\" or \"member\"");
    v.throwIfInvalid();
    commands.sendAndWait(
        new ChangeMemberRoleCommand(groupId, user.userId(), userId, role, clock.instant()));
  }

  private static MemberRole parseRole(String value) {
    if (value == null) {
      return null;
    }
    for (MemberRole role : MemberRole.values()) {
      if (role.wire().equals(value.toLowerCase(Locale.ROOT))) {
        return role;
      }
    }
    return null;
  }
}
