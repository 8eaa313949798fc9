package io.parley.command.message;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.parley.command.admission.SendAdmission;
import io.parley.command.files.Attachables;
import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.events.message.Attachment;
import io.parley.events.message.DeleteMessageCommand;
import io.parley.events.message.EditMessageCommand;
import io.parley.events.message.MessageView;
import io.parley.events.message.SendMessageCommand;
import io.parley.events.message.SentMessage;
import io.parley.support.auth.AuthenticatedUser;
import io.parley.support.web.CurrentUser;
import io.parley.support.web.Validator;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
              maxLength = 4000,
              description =
                  "1 to 4000 code points, not only white space; may be empty or absent when the"
                      + " message has attachments",
              example = "Hello!")
          String body,
      @Schema(pattern = "^[0-9]+$", description = "A messageId of the same conversation")
          String replyToMessageId,
      @ArraySchema(
              schema = @Schema(format = "uuid", description = "An uploadId of yours"),
              maxItems = Attachables.MAX_PER_MESSAGE)
          List<String> attachmentIds) {}

  record EditRequest(
      @Schema(
              requiredMode = REQUIRED,
              maxLength = 4000,
              description = "1 to 4000 code points; may be empty when the message has attachments")
          String body) {}

  private final CommandGateway commands;
  private final MessageIds ids;
  private final MessageRefs refs;
  private final Clock clock;
  private final SendAdmission admission;
  private final Attachables attachables;
  private final MentionLookup mentionLookup;

  MessageController(
      CommandGateway commands,
      MessageIds ids,
      MessageRefs refs,
      Clock clock,
      SendAdmission admission,
      Attachables attachables,
      MentionLookup mentionLookup) {
    this.commands = commands;
    this.mentionLookup = mentionLookup;
    this.attachables = attachables;
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
    boolean withFiles = request.attachmentIds() != null && !request.attachmentIds().isEmpty();
    String body = withFiles && request.body() == null ? "" : request.body();
    MessageBodies.check(v, body, withFiles);
    Long replyTo = null;
    if (request.replyToMessageId() != null) {
      replyTo = MessageIdParam.parse(v, request.replyToMessageId(), "replyToMessageId");
    }
    v.throwIfInvalid();
    List<Attachment> attachments =
        attachables.forMessage(v, request.attachmentIds(), user.userId(), "attachmentIds");
    v.throwIfInvalid();
    if (replyTo != null && refs.find(conversationId, replyTo).isEmpty()) {
      v.require(false, "replyToMessageId", "is not a message of this conversation");
      v.throwIfInvalid();
    }
    // Refused before anything is written when the system cannot deliver in time (docs/adr/0116).
    try (SendAdmission.Permit permit = admission.admit()) {
      return send(user, conversationId, new Content(body, attachments), clientMessageId, replyTo);
    }
  }

  /** What a send says: text (possibly empty when there are files) and files. */
  record Content(String body, List<Attachment> attachments) {}

  private Map<String, MessageView> send(
      AuthenticatedUser user,
      UUID conversationId,
      Content content,
      UUID clientMessageId,
      Long replyTo) {
    // A retry is recognised by the command: the conversation remembers its recent clientMessageIds
    // and answers with the first attempt's message, and the lookup's unique key catches an older
    // one (DuplicateSend). Either way the answer comes from the lookup below. No lookup before
    // the command: that cost every send a second connection from the pool.
    long messageId = ids.next();
    MentionTokens mentions = MentionTokens.of(content.body());
    List<UUID> named = mentionLookup.userIds(mentions.names());
    SentMessage sent;
    try {
      sent =
          commands.sendAndWait(
              new SendMessageCommand(
                  conversationId,
                  user.userId(),
                  messageId,
                  clientMessageId,
                  content.body(),
                  replyTo,
                  clock.instant(),
                  content.attachments(),
                  named,
                  mentions.everyone()));
    } catch (RuntimeException e) {
      if (!Outcomes.causedBy(e, MessageRefs.DuplicateSend.class)) {
        throw e;
      }
      return Map.of("message", replayOf(conversationId, clientMessageId, user, content));
    }
    if (sent.messageId() != messageId) {
      return Map.of("message", replayOf(conversationId, clientMessageId, user, content));
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
    v.throwIfInvalid();
    MessageRefs.Ref ref = existing(conversationId, id);
    // A message with files may lose its caption; one without must keep some text.
    MessageBodies.check(v, request.body(), !ref.attachments().isEmpty());
    v.throwIfInvalid();
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
            refs.reactionCounts(id),
            ref.attachments()));
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
      UUID conversationId, UUID clientMessageId, AuthenticatedUser user, Content content) {
    MessageRefs.Ref earlier =
        refs.findByClientId(conversationId, clientMessageId)
            .filter(ref -> ref.senderId().equals(user.userId()))
            .orElseThrow(
                () ->
                    new DomainException(
                        ErrorCode.CONFLICT, "That clientMessageId is already used."));
    return replay(earlier, content);
  }

  /**
   * The answer the first attempt got. The lookup keeps no body, only its hash: a retry carries the
   * same body, and a different body under a used clientMessageId is a client error.
   */
  private static MessageView replay(MessageRefs.Ref earlier, Content content) {
    if (!earlier.hasBody(content.body())
        || !ids(earlier.attachments()).equals(ids(content.attachments()))) {
      throw new DomainException(
          ErrorCode.CONFLICT, "That clientMessageId was already used for a different message.");
    }
    return MessageView.of(
        new SentMessage(
            earlier.conversationId(),
            earlier.seq(),
            earlier.messageId(),
            earlier.senderId(),
            content.body(),
            earlier.replyTo(),
            earlier.sentAt(),
            earlier.attachments()));
  }

  private static List<UUID> ids(List<Attachment> attachments) {
    return attachments.stream().map(Attachment::attachmentId).toList();
  }
}
