package io.parley.command.message;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.parley.support.auth.AuthenticatedUser;
import io.parley.support.web.CurrentUser;
import io.parley.support.web.Validator;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ReadMarkerController {
  record ReadRequest(@Schema(requiredMode = REQUIRED, minimum = "0") Long seq) {}

  private final ReadMarkers markers;
  private final Clock clock;

  ReadMarkerController(ReadMarkers markers, Clock clock) {
    this.markers = markers;
    // Whole milliseconds: the API's time format, and what every store keeps exactly.
    this.clock = Clock.tick(clock, Duration.ofMillis(1));
  }

  @PutMapping("/api/conversations/{conversationId}/read")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void markRead(
      @CurrentUser AuthenticatedUser user,
      @PathVariable UUID conversationId,
      @RequestBody ReadRequest request) {
    Validator v = new Validator();
    v.require(request.seq() != null, "seq", "is required");
    v.require(request.seq() == null || request.seq() >= 0, "seq", "must not be negative");
    v.throwIfInvalid();
    markers.moveForward(conversationId, user.userId(), request.seq(), clock.instant());
  }
}
