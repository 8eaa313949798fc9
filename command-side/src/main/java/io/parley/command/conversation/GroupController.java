package io.parley.command.conversation;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.parley.command.files.Attachables;
import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.events.conversation.ChangeGroupPictureCommand;
import io.parley.events.conversation.ConversationView;
import io.parley.events.conversation.CreateGroupCommand;
import io.parley.events.conversation.JoinGroupCommand;
import io.parley.events.conversation.LeaveGroupCommand;
import io.parley.events.conversation.UpdateGroupCommand;
import io.parley.events.conversation.Visibility;
import io.parley.events.message.Attachment;
import io.parley.support.auth.AuthenticatedUser;
import io.parley.support.web.CurrentUser;
import io.parley.support.web.Validator;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Creating, changing, joining and leaving groups. */
@RestController
class GroupController {
  record CreateGroupRequest(
      @Schema(requiredMode = REQUIRED, minLength = 1, maxLength = 100) String name,
      @Schema(maxLength = 1024) String topic,
      @Schema(
              requiredMode = REQUIRED,
              allowableValues = {"public", "private"})
          String visibility,
      @ArraySchema(schema = @Schema(format = "uuid"), maxItems = 9999) List<String> memberIds,
      @Schema(
              description =
                  "End-to-end encrypted (needs visibility private and at most"
                      + " parley.e2ee.max-members members); default false, never changed later")
          Boolean encrypted) {}

  record UpdateGroupRequest(
      @Schema(minLength = 1, maxLength = 100) String name,
      @Schema(maxLength = 1024) String topic,
      @Schema(allowableValues = {"public", "private"}) String visibility) {}

  record PictureRequest(
      @Schema(requiredMode = REQUIRED, format = "uuid", description = "One of your image uploads")
          String uploadId) {}

  private final CommandGateway commands;
  private final UserExistence users;
  private final Clock clock;
  private final Attachables attachables;
  private final EncryptionRules encryption;

  GroupController(
      CommandGateway commands,
      UserExistence users,
      Clock clock,
      Attachables attachables,
      EncryptionRules encryption) {
    this.commands = commands;
    this.encryption = encryption;
    this.users = users;
    this.attachables = attachables;
    // Whole milliseconds: the API's time format, and what every store keeps exactly.
    this.clock = Clock.tick(clock, Duration.ofMillis(1));
  }

  @PostMapping("/api/groups")
  @ResponseStatus(HttpStatus.CREATED)
  Map<String, ConversationView> create(
      @CurrentUser AuthenticatedUser user, @RequestBody CreateGroupRequest request) {
    Validator v = new Validator();
    checkName(v, request.name());
    checkTopic(v, request.topic());
    Visibility visibility = parseVisibility(v, request.visibility());
    List<UUID> memberIds = new ArrayList<>();
    List<String> rawIds = request.memberIds() == null ? List.of() : request.memberIds();
    v.require(
        rawIds.size() < Conversation.MAX_MEMBERS,
        "memberIds",
        "must hold fewer than " + Conversation.MAX_MEMBERS + " users");
    for (int i = 0; i < rawIds.size() && rawIds.size() < Conversation.MAX_MEMBERS; i++) {
      UUID id = v.uuid(rawIds.get(i), "memberIds[" + i + "]");
      if (id != null) {
        v.require(users.exists(id), "memberIds[" + i + "]", "is not a user");
        memberIds.add(id);
      }
    }
    boolean encrypted = Boolean.TRUE.equals(request.encrypted());
    v.require(
        !encrypted || visibility == null || visibility == Visibility.PRIVATE,
        "visibility",
        "must be \"private\" for an encrypted group");
    v.throwIfInvalid();
    int memberCount =
        (int) memberIds.stream().filter(id -> !id.equals(user.userId())).distinct().count() + 1;
    if (encrypted && memberCount > encryption.maxMembers()) {
      throw new DomainException(
          ErrorCode.TOO_MANY_MEMBERS,
          "An encrypted conversation holds at most " + encryption.maxMembers() + " members.");
    }
    UUID conversationId = UUID.randomUUID();
    Instant now = clock.instant();
    String topic = request.topic() == null ? "" : request.topic();
    commands.sendAndWait(
        new CreateGroupCommand(
            conversationId,
            user.userId(),
            request.name(),
            topic,
            visibility,
            memberIds,
            now,
            encrypted));
    return Map.of(
        "conversation",
        new ConversationView(
            conversationId,
            "group",
            request.name(),
            topic,
            visibility.wire(),
            memberCount,
            now,
            0,
            null,
            encrypted));
  }

  @PatchMapping("/api/groups/{groupId}")
  Map<String, ConversationView> update(
      @CurrentUser AuthenticatedUser user,
      @PathVariable UUID groupId,
      @RequestBody UpdateGroupRequest request) {
    Validator v = new Validator();
    if (request.name() != null) {
      checkName(v, request.name());
    }
    checkTopic(v, request.topic());
    Visibility visibility =
        request.visibility() == null ? null : parseVisibility(v, request.visibility());
    v.throwIfInvalid();
    ConversationView view =
        commands.sendAndWait(
            new UpdateGroupCommand(
                groupId,
                user.userId(),
                request.name(),
                request.topic(),
                visibility,
                clock.instant()));
    return Map.of("conversation", view);
  }

  /** Owners and admins set the group's picture from one of their image uploads (ADR 0140). */
  @PutMapping("/api/groups/{groupId}/picture")
  Map<String, ConversationView> setPicture(
      @CurrentUser AuthenticatedUser user,
      @PathVariable UUID groupId,
      @RequestBody PictureRequest request) {
    Attachment picture = attachables.image(request.uploadId(), user.userId());
    return Map.of(
        "conversation",
        commands.sendAndWait(
            new ChangeGroupPictureCommand(groupId, user.userId(), picture, clock.instant())));
  }

  @DeleteMapping("/api/groups/{groupId}/picture")
  Map<String, ConversationView> clearPicture(
      @CurrentUser AuthenticatedUser user, @PathVariable UUID groupId) {
    return Map.of(
        "conversation",
        commands.sendAndWait(
            new ChangeGroupPictureCommand(groupId, user.userId(), null, clock.instant())));
  }

  @PostMapping("/api/groups/{groupId}/join")
  Map<String, ConversationView> join(
      @CurrentUser AuthenticatedUser user, @PathVariable UUID groupId) {
    ConversationView view =
        commands.sendAndWait(new JoinGroupCommand(groupId, user.userId(), clock.instant()));
    return Map.of("conversation", view);
  }

  @PostMapping("/api/groups/{groupId}/leave")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void leave(@CurrentUser AuthenticatedUser user, @PathVariable UUID groupId) {
    commands.sendAndWait(new LeaveGroupCommand(groupId, user.userId(), clock.instant()));
  }

  private static void checkName(Validator v, String name) {
    v.require(name != null && !name.isBlank(), "name", "must not be blank");
    if (v.text(name, "name", 1, 100)) {
      v.require(
          name.codePoints().noneMatch(Character::isISOControl),
          "name",
          "must not contain control characters");
    }
  }

  /** Optional; a topic may span lines (newline and tab), other control characters are refused. */
  private static void checkTopic(Validator v, String topic) {
    if (topic != null && v.text(topic, "topic", 0, 1024)) {
      v.require(
          topic.codePoints().noneMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t'),
          "topic",
          "must not contain control characters other than newline and tab");
    }
  }

  private static Visibility parseVisibility(Validator v, String value) {
    if ("public".equals(value)) {
      return Visibility.PUBLIC;
    }
    v.require("private".equals(value), "visibility", "must be \"public\" or \"private\"");
    return Visibility.PRIVATE;
  }
}
