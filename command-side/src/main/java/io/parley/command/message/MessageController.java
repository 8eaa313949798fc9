package io.parley.command.message;

import io.parley.events.message.MessageView;
import io.parley.events.message.SendMessageCommand;
import io.parley.events.message.SentMessage;
import io.parley.support.auth.AuthenticatedUser;
import io.parley.support.web.CurrentUser;
import io.parley.support.web.Validator;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class MessageController {
  record SendRequest(String clientMessageId, String body, String replyToMessageId) {}

  private final CommandGateway commands;
  private final MessageIds ids;
  private final Clock clock;

  MessageController(CommandGateway commands, MessageIds ids, Clock clock) {
    this.commands = commands;
    this.ids = ids;
    this.clock = clock;
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
      try {
        replyTo = Long.parseUnsignedLong(request.replyToMessageId());
      } catch (NumberFormatException e) {
        v.require(false, "replyToMessageId", "must be a message id");
      }
    }
    v.throwIfInvalid();
    SentMessage sent =
        commands.sendAndWait(
            new SendMessageCommand(
                conversationId,
                user.userId(),
                ids.next(),
                clientMessageId,
                request.body(),
                replyTo,
                clock.instant()));
    return Map.of("message", MessageView.of(sent));
  }
}
