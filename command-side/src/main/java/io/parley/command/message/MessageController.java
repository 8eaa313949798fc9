package io.parley.command.message;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.parley.command.admission.SendAdmission;
import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.events.message.DeleteMessageCommand;
import io.parley.events.message.EditMessageCommand;
import io.parley.events.message.MessageView;
import io.parley.events.message.SendMessageCommand;
import io.parley.events.message.SentMessage;
import io.parley.support.auth.AuthenticatedUser;
import io.parley.support.web.CurrentUser;
import io.parley.support.web.Validator;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Sending, editing and deleting messages. */
@RestController
class MessageController {
  record SendRequest(
      @Schema(
              requiredMode = REQUIRED,
              format = "uuid",
              description =
                  "Chosen by the client; a retry with the same id returns the same message")
          String clientMessageId,
      @Schema(
              requiredMode = REQUIRED,
              minLength = 1,
              maxLength = 4000,
              description = "1 to 4000 code points, not only white space",
              example = "Hello!")
          String body,
      @Schema(pattern = "^[0-9]+$", description = "A messageId of the same conversation")
          String replyToMessageId) {}

  record EditRequest(
      @Schema(requiredMode = REQUIRED, minLength = 1, maxLength = 4000) String body) {}

  private final CommandGateway commands;
  private final MessageIds ids;
  private final MessageRefs refs;
  private final Clock clock;
  private final SendAdmission admission;

  MessageController(
      CommandGateway commands,
      MessageIds ids,
      MessageRefs refs,
      Clock clock,
      SendAdmission admission) {
    this.commands = commands;
    this.ids = ids;
    this.refs = refs;
    this.admission = admission;
    // Whole milliseconds: the API's time format, and what every store keeps exactly.
    this.clock = Clock.tick(clock, Duration.ofMillis(1));
  }

  @PostMapping("/api/conversations/{conversationId}/messages")
  @ResponseStatus(HttpStatus.CREATED)
  Map<String, MessageView> send(
      @CurrentUser AuthenticatedUser user,
      @PathVariable UUID conversationId,
      @RequestBody SendRequest request) {
    Validator v = new Validator();
    UUID clientMessageId = v.uuid(request.clientMessageId(), "clientMessageId");
    MessageBodies.check(v, request.body());
    Long replyTo = null;
    if (request.replyToMessageId() != null) {
      replyTo = MessageIdParam.parse(v, request.replyToMessageId(), "replyToMessageId");
    }
    v.throwIfInvalid();
    if (replyTo != null && refs.find(conversationId, replyTo).isEmpty()) {
      v.require(false, "replyToMessageId", "is not a message of this conversation");
      v.throwIfInvalid();
    }
    // Refused before anything is written when the system cannot deliver in time (docs/adr/0116).
    try (SendAdmission.Permit permit = admission.admit()) {
      return send(user, conversationId, request, clientMessageId, replyTo);
    }
  }

  private Map<String, MessageView> send(
      AuthenticatedUser user,
      UUID conversationId,
      SendRequest request,
      UUID clientMessageId,
      Long replyTo) {
    // A retry is recognised by the command: the conversation remembers its recent clientMessageIds
    // and answers with the first attempt's message, and the lookup's unique key catches an older
    // one (DuplicateSend). Either way the answer comes from the lookup below. No lookup before
    // the command: that cost every send a second connection from the pool.
    long messageId = ids.next();
    SentMessage sent;
    try {
      sent =
          commands.sendAndWait(
              new SendMessageCommand(
                  conversationId,
                  user.userId(),
                  messageId,
                  clientMessageId,
                  request.body(),
                  replyTo,
                  clock.instant()));
    } catch (RuntimeException e) {
      if (!Outcomes.causedBy(e, MessageRefs.DuplicateSend.class)) {
        throw e;
      }
      return Map.of("message", replayOf(conversationId, clientMessageId, user, request.body()));
    }
    if (sent.messageId() != messageId) {
      return Map.of("message", replayOf(conversationId, clientMessageId, user, request.body()));
    }
    return Map.of("message", MessageView.of(sent));
  }

  @PatchMapping("/api/conversations/{conversationId}/messages/{messageId}")
  Map<String, MessageView> edit(
      @CurrentUser AuthenticatedUser user,
      @PathVariable UUID conversationId,
      @PathVariable String messageId,
      @RequestBody EditRequest request) {
    Validator v = new Validator();
    Long id = MessageIdParam.parse(v, messageId, "messageId");
    MessageBodies.check(v, request.body());
    v.throwIfInvalid();
    MessageRefs.Ref ref = existing(conversationId, id);
    Instant now = clock.instant();
    commands.sendAndWait(
        new EditMessageCommand(
            conversationId, user.userId(), id, ref.seq(), ref.senderId(), request.body(), now));
    return Map.of(
        "message",
        new MessageView(
            id,
            conversationId,
            ref.seq(),
            ref.senderId(),
            request.body(),
            ref.replyTo(),
            ref.sentAt(),
            now,
            false,
            refs.reactionCounts(id)));
  }

  @DeleteMapping("/api/conversations/{conversationId}/messages/{messageId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(
      @CurrentUser AuthenticatedUser user,
      @PathVariable UUID conversationId,
      @PathVariable String messageId) {
    Validator v = new Validator();
    Long id = MessageIdParam.parse(v, messageId, "messageId");
    v.throwIfInvalid();
    MessageRefs.Ref ref = existing(conversationId, id);
    Outcomes.idempotently(
        () ->
            commands.sendAndWait(
                new DeleteMessageCommand(
                    conversationId,
                    user.userId(),
                    id,
                    ref.seq(),
                    ref.senderId(),
                    clock.instant())));
  }

  private MessageRefs.Ref existing(UUID conversationId, long messageId) {
    return refs.find(conversationId, messageId)
        .orElseThrow(() -> new DomainException(ErrorCode.NOT_FOUND, "No such message."));
  }

  private MessageView replayOf(
      UUID conversationId, UUID clientMessageId, AuthenticatedUser user, String body) {
    MessageRefs.Ref earlier =
        refs.findByClientId(conversationId, clientMessageId)
            .filter(ref -> ref.senderId().equals(user.userId()))
            .orElseThrow(
                () ->
                    new DomainException(
                        ErrorCode.CONFLICT, "That clientMessageId is already used."));
    return replay(earlier, body);
  }

  /**
   * The answer the first attempt got. The lookup keeps no body, only its hash: a retry carries the
   * same body, and a different body under a used clientMessageId is a client error.
   */
  private static MessageView replay(MessageRefs.Ref earlier, String body) {
    if (!earlier.hasBody(body)) {
      throw new DomainException(
          ErrorCode.CONFLICT, "That clientMessageId was already used for a different message.");
    }
    return MessageView.of(
        new SentMessage(
            earlier.conversationId(),
            earlier.seq(),
            earlier.messageId(),
            earlier.senderId(),
            body,
            earlier.replyTo(),
            earlier.sentAt()));
  }
}
