package io.parley.support.admin;

import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.support.auth.AuthenticatedUser;
import io.parley.support.web.CurrentUser;
import java.util.List;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Runs a read model's consistency check against the event log. */
@RestController
class VerifyAdminController {
  private final List<ReadModelVerifier> verifiers;
  private final EventProcessingConfiguration processing;
  private final AdminGuard guard;

  VerifyAdminController(
      List<ReadModelVerifier> verifiers,
      EventProcessingConfiguration processing,
      AdminGuard guard) {
    this.verifiers = verifiers;
    this.processing = processing;
    this.guard = guard;
  }

  @PostMapping("/api/admin/processors/{name}/verify")
  ReadModelVerifier.Report verify(@CurrentUser AuthenticatedUser user, @PathVariable String name) {
    guard.require(user);
    ReadModelVerifier verifier =
        verifiers.stream()
            .filter(v -> v.processor().equals(name))
            .findFirst()
            .orElseThrow(
                () ->
                    new DomainException(
                        ErrorCode.NOT_FOUND, "No consistency check for processor '" + name + "'."));
    processing
        .eventProcessor(name, StreamingEventProcessor.class)
        .filter(StreamingEventProcessor::isReplaying)
        .ifPresent(
            replaying -> {
              throw new DomainException(
                  ErrorCode.CONFLICT, "'" + name + "' is replaying: verify it when it is done.");
            });
    return verifier.verify();
  }
}
