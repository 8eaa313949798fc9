package io.parley.command.message;

import io.parley.command.conversation.ConversationMembers;
import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.events.message.AddReactionCommand;
import io.parley.events.message.RemoveReactionCommand;
import io.parley.support.auth.AuthenticatedUser;
import io.parley.support.web.CurrentUser;
import io.parley.support.web.Validator;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Idempotent reactions. A repeat is answered from the lookup without touching the conversation; a
 * concurrent twin that slips past is rolled back by the lookup handler ({@link NothingChanged}).
 */
@RestController
class ReactionController {
  static final int MAX_EMOJI_CODE_POINTS = 32;
  private static final String PATH =
      "/api/conversations/{conversationId}/messages/{messageId}/reactions/{emoji}";

  private final CommandGateway commands;
  private final MessageRefs refs;
  private final ConversationMembers members;
  private final Clock clock;

  ReactionController(
      CommandGateway commands, MessageRefs refs, ConversationMembers members, Clock clock) {
    this.commands = commands;
    this.refs = refs;
    this.members = members;
    // Whole milliseconds: the API's time format, and what every store keeps exactly.
    this.clock = Clock.tick(clock, Duration.ofMillis(1));
  }

  @PutMapping(PATH)
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void add(
      @CurrentUser AuthenticatedUser user,
      @PathVariable UUID conversationId,
      @PathVariable String messageId,
      @PathVariable String emoji) {
    MessageRefs.Ref ref = target(conversationId, messageId, emoji);
    if (isMember(conversationId, user) && refs.hasReaction(ref.messageId(), user.userId(), emoji)) {
      return;
    }
    Outcomes.idempotently(
        () ->
            commands.sendAndWait(
                new AddReactionCommand(
                    conversationId,
                    user.userId(),
                    ref.messageId(),
                    ref.seq(),
                    emoji,
                    clock.instant())));
  }

  @DeleteMapping(PATH)
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void remove(
      @CurrentUser AuthenticatedUser user,
      @PathVariable UUID conversationId,
      @PathVariable String messageId,
      @PathVariable String emoji) {
    MessageRefs.Ref ref = target(conversationId, messageId, emoji);
    if (isMember(conversationId, user)
        && !refs.hasReaction(ref.messageId(), user.userId(), emoji)) {
      return;
    }
    Outcomes.idempotently(
        () ->
            commands.sendAndWait(
                new RemoveReactionCommand(
                    conversationId,
                    user.userId(),
                    ref.messageId(),
                    ref.seq(),
                    emoji,
                    clock.instant())));
  }

  private boolean isMember(UUID conversationId, AuthenticatedUser user) {
    return members.roleOf(conversationId, user.userId()).isPresent();
  }

  private MessageRefs.Ref target(UUID conversationId, String messageId, String emoji) {
    Validator v = new Validator();
    Long id = MessageIdParam.parse(v, messageId, "messageId");
    v.require(isEmoji(emoji), "emoji", "must be 1 to 32 characters without spaces or controls");
    v.throwIfInvalid();
    return refs.find(conversationId, id)
        .orElseThrow(() -> new DomainException(ErrorCode.NOT_FOUND, "No such message."));
  }

  /** Any short token without white space or control characters: custom emoji names included. */
  static boolean isEmoji(String emoji) {
    if (emoji == null || emoji.isEmpty()) {
      return false;
    }
    int length = emoji.codePointCount(0, emoji.length());
    return length <= MAX_EMOJI_CODE_POINTS
        && emoji
            .codePoints()
            .noneMatch(
                cp ->
                    Character.isWhitespace(cp)
                        || Character.isSpaceChar(cp)
                        || Character.isISOControl(cp)
                        || Character.getType(cp) == Character.CONTROL
                        || Character.getType(cp) == Character.SURROGATE);
  }
}
