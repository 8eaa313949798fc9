package io.parley.command.conversation;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.parley.events.conversation.NotificationLevel;
import io.parley.events.conversation.SetNotificationLevelCommand;
import io.parley.support.auth.AuthenticatedUser;
import io.parley.support.web.CurrentUser;
import io.parley.support.web.Validator;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A member choosing how much of a conversation notifies them (docs/adr/0154). */
@RestController
class NotificationLevelController {
  record LevelRequest(
      @Schema(
              requiredMode = REQUIRED,
              allowableValues = {"all", "mentions", "muted"})
          String level) {}

  private final CommandGateway commands;
  private final Clock clock;

  NotificationLevelController(CommandGateway commands, Clock clock) {
    this.commands = commands;
    this.clock = Clock.tick(clock, Duration.ofMillis(1));
  }

  @PutMapping("/api/conversations/{conversationId}/notifications")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void set(
      @CurrentUser AuthenticatedUser user,
      @PathVariable UUID conversationId,
      @RequestBody LevelRequest request) {
    Validator v = new Validator();
    NotificationLevel level =
        request == null || request.level() == null
            ? null
            : Arrays.stream(NotificationLevel.values())
                .filter(l -> l.wire().equals(request.level()))
                .findFirst()
                .orElse(null);
    v.require(level != null, "level", "must be all, mentions or muted");
    v.throwIfInvalid();
    commands.sendAndWait(
        new SetNotificationLevelCommand(conversationId, user.userId(), level, clock.instant()));
  }
}
