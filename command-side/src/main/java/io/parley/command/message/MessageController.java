package io.parley.command.message;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.parley.command.admission.SendAdmission;
import io.parley.command.conversation.Ciphertexts;
import io.parley.command.conversation.ConversationMembers;
import io.parley.command.conversation.EncryptedConversations;
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
          List<String> attachmentIds,
      @Schema(
              maxLength = Ciphertexts.MAX_CHARS,
              description =
                  "Encrypted conversations only, and required there (instead of body): an"
                      + " ASCII-armored OpenPGP message")
          String ciphertext,
      @Schema(
              description =
                  "Encrypted conversations only, and required there: the keySetVersion of"
                      + " GET /api/conversations/{id}/keys the ciphertext was encrypted for")
          String keySetVersion) {}

  record EditRequest(
      @Schema(
              maxLength = 4000,
              description =
                  "1 to 4000 code points; may be empty when the message has attachments."
                      + " Required in plain conversations, absent in encrypted ones")
          String body,
      @Schema(
              maxLength = Ciphertexts.MAX_CHARS,
              description = "Encrypted conversations only, and required there")
          String ciphertext,
      @Schema(description = "Encrypted conversations only, and required there")
          String keySetVersion) {}

  private final CommandGateway commands;
  private final MessageIds ids;
  private final MessageRefs refs;
  private final Clock clock;
  private final SendAdmission admission;
  private final Attachables attachables;
  private final MentionLookup mentionLookup;
  private final EncryptedConversations encryptedConversations;
  private final ConversationMembers members;

  MessageController(
      CommandGateway commands,
      MessageIds ids,
      MessageRefs refs,
      Clock clock,
      SendAdmission admission,
      Attachables attachables,
      MentionLookup mentionLookup,
      EncryptedConversations encryptedConversations,
      ConversationMembers members) {
    this.commands = commands;
    this.encryptedConversations = encryptedConversations;
    this.members = members;
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
    if (encryptedFor(conversationId, user)) {
      return sendEncrypted(user, conversationId, request, v, clientMessageId);
    }
    v.require(request.ciphertext() == null, "ciphertext", ONLY_ENCRYPTED);
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
      return send(
          user,
          conversationId,
          new Content(body, attachments, null, null),
          clientMessageId,
          replyTo);
    }
  }

  private static final String ONLY_ENCRYPTED =
      "is only taken by end-to-end encrypted conversations";

  /**
   * Whether the caller sends into an end-to-end encrypted conversation of theirs. A non-member is
   * checked as for a plain conversation, then refused by the command exactly as for an unknown id:
   * the answer does not tell them the conversation exists or is encrypted.
   */
  private boolean encryptedFor(UUID conversationId, AuthenticatedUser user) {
    return encryptedConversations.isEncrypted(conversationId)
        && members.roleOf(conversationId, user.userId()).isPresent();
  }

  /** The shape rules of an encrypted message; the Conversation checks the key set version. */
  private static void checkEncrypted(
      Validator v, String body, String ciphertext, String keySetVersion) {
    v.require(body == null, "body", "must be absent in an end-to-end encrypted conversation");
    String problem = Ciphertexts.problem(ciphertext);
    v.require(problem == null, "ciphertext", problem);
    v.require(
        keySetVersion != null && !keySetVersion.isBlank(),
        "keySetVersion",
        "is required in an end-to-end encrypted conversation");
  }

  private Map<String, MessageView> sendEncrypted(
      AuthenticatedUser user,
      UUID conversationId,
      SendRequest request,
      Validator v,
      UUID clientMessageId) {
    checkEncrypted(v, request.body(), request.ciphertext(), request.keySetVersion());
    v.require(
        request.attachmentIds() == null || request.attachmentIds().isEmpty(),
        "attachmentIds",
        "are not supported in end-to-end encrypted conversations yet");
    Long replyTo = null;
    if (request.replyToMessageId() != null) {
      replyTo = MessageIdParam.parse(v, request.replyToMessageId(), "replyToMessageId");
    }
    v.throwIfInvalid();
    if (replyTo != null && refs.find(conversationId, replyTo).isEmpty()) {
      v.require(false, "replyToMessageId", "is not a message of this conversation");
      v.throwIfInvalid();
    }
    try (SendAdmission.Permit permit = admission.admit()) {
      return send(
          user,
          conversationId,
          new Content(null, List.of(), request.ciphertext(), request.keySetVersion()),
          clientMessageId,
          replyTo);
    }
  }

  /**
   * What a send says: text (possibly empty when there are files) and files, or in an encrypted
   * conversation only a ciphertext and the key set version it was encrypted for.
   */
  record Content(
      String body, List<Attachment> attachments, String ciphertext, String keySetVersion) {
    /** What the lookup hashes to tell a retry from another message under the same client id. */
    String hashed() {
      return body != null ? body : ciphertext;
    }
  }

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
    SendMessageCommand command;
    if (content.ciphertext() != null) {
      command =
          SendMessageCommand.encrypted(
              conversationId,
              user.userId(),
              messageId,
              clientMessageId,
              content.ciphertext(),
              content.keySetVersion(),
              replyTo,
              clock.instant());
    } else {
      MentionTokens mentions = MentionTokens.of(content.body());
      List<UUID> named = mentionLookup.userIds(mentions.names());
      command =
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
              mentions.everyone());
    }
    SentMessage sent;
    try {
      sent = commands.sendAndWait(command);
    } catch (RuntimeException e) {
      if (!Outcomes.causedBy(e, MessageRefs.DuplicateSend.class)) {
        throw e;
      }
      return Map.of("message", replayOf(conversationId, clientMessageId, user, content));
    }
    if (content.ciphertext() == null) {
      encryptedConversations.knownPlain(conversationId); // the Conversation took it as plain
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
    boolean encrypted = encryptedFor(conversationId, user);
    if (encrypted) {
      checkEncrypted(v, request.body(), request.ciphertext(), request.keySetVersion());
    } else {
      v.require(request.ciphertext() == null, "ciphertext", ONLY_ENCRYPTED);
      // A message with files may lose its caption; one without must keep some text.
      MessageBodies.check(v, request.body(), !ref.attachments().isEmpty());
    }
    v.throwIfInvalid();
    Instant now = clock.instant();
    commands.sendAndWait(
        new EditMessageCommand(
            conversationId,
            user.userId(),
            id,
            ref.seq(),
            ref.senderId(),
            encrypted ? null : request.body(),
            now,
            encrypted ? request.ciphertext() : null,
            encrypted ? request.keySetVersion() : null));
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
            ref.attachments(),
            List.of(),
            false,
            encrypted ? request.ciphertext() : null));
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
    if (!earlier.hasBody(content.hashed())
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
            earlier.attachments(),
            List.of(),
            false,
            content.ciphertext()));
  }

  private static List<UUID> ids(List<Attachment> attachments) {
    return attachments.stream().map(Attachment::attachmentId).toList();
  }
}
