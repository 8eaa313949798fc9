package io.parley.command.conversation;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.events.conversation.ConversationView;
import io.parley.events.conversation.OpenDirectConversationCommand;
import io.parley.support.auth.AuthenticatedUser;
import io.parley.support.web.CurrentUser;
import io.parley.support.web.Validator;
import io.swagger.v3.oas.annotations.media.Schema;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class DirectConversationController {
  record OpenRequest(
      @Schema(requiredMode = REQUIRED, format = "uuid") String userId,
      @Schema(
              description =
                  "The pair's end-to-end encrypted conversation, another one than their plain"
                      + " conversation; default false")
          Boolean encrypted) {}

  private final CommandGateway commands;
  private final UserExistence users;
  private final Clock clock;

  DirectConversationController(CommandGateway commands, UserExistence users, Clock clock) {
    this.commands = commands;
    this.users = users;
    // Whole milliseconds: the API's time format, and what every store keeps exactly.
    this.clock = Clock.tick(clock, Duration.ofMillis(1));
  }

  /** The pair's conversation id: the same for both users, whoever opens it first. */
  static UUID idOf(UUID a, UUID b) {
    return idOf(a, b, false);
  }

  /**
   * The pair's plain or encrypted conversation id. The encrypted one is another conversation
   * (docs/adr/0185): the plain one's history stays readable by the server, the new one never is.
   */
  static UUID idOf(UUID a, UUID b, boolean encrypted) {
    String pair = a.compareTo(b) < 0 ? a + ":" + b : b + ":" + a;
    String kind = encrypted ? "parley-direct-e2ee:" : "parley-direct:";
    return UUID.nameUUIDFromBytes((kind + pair).getBytes(StandardCharsets.UTF_8));
  }

  @PostMapping("/api/conversations/direct")
  Map<String, ConversationView> open(
      @CurrentUser AuthenticatedUser user, @RequestBody OpenRequest request) {
    Validator v = new Validator();
    UUID other = v.uuid(request.userId(), "userId");
    v.require(other == null || !other.equals(user.userId()), "userId", "must be another user");
    v.throwIfInvalid();
    if (!users.exists(other)) {
      throw new DomainException(ErrorCode.NOT_FOUND, "No such user.");
    }
    boolean encrypted = Boolean.TRUE.equals(request.encrypted());
    OpenDirectConversationCommand command =
        new OpenDirectConversationCommand(
            idOf(user.userId(), other, encrypted),
            user.userId(),
            other,
            clock.instant(),
            encrypted);
    ConversationView view;
    try {
      view = commands.sendAndWait(command);
    } catch (AggregateStreamCreationException | ConcurrencyException e) {
      // Both users opened it at once on different instances: the loser's append collided with
      // the winner's first event. The conversation exists now, so opening again finds it.
      view = commands.sendAndWait(command);
    }
    return Map.of("conversation", view);
  }
}
