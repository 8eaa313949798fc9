package io.parley.support.admin;

import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.support.auth.AuthenticatedUser;
import io.parley.support.web.CurrentUser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Events a projection could not handle wait in its dead-letter queue, in order per aggregate, while
 * the projection goes on with everything else. Operators list them, retry them once the cause is
 * fixed, or drop one that can never apply.
 */
@RestController
class DeadLetterAdminController {
  private final EventProcessingConfiguration processing;
  private final AdminGuard guard;

  DeadLetterAdminController(EventProcessingConfiguration processing, AdminGuard guard) {
    this.processing = processing;
    this.guard = guard;
  }

  @GetMapping("/api/admin/dead-letters/{processor}")
  Map<String, Object> list(@CurrentUser AuthenticatedUser user, @PathVariable String processor) {
    guard.require(user);
    SequencedDeadLetterQueue<EventMessage<?>> queue = queue(processor);
    // A sequence the processor is retrying at this moment can read empty: it is left out, and the
    // size is that of the letters listed, so the answer is one consistent view.
    List<List<Map<String, Object>>> sequences = new ArrayList<>();
    long size = 0;
    for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.deadLetters()) {
      List<Map<String, Object>> letters = new ArrayList<>();
      sequence.forEach(letter -> letters.add(describe(letter)));
      if (!letters.isEmpty()) {
        sequences.add(letters);
        size += letters.size();
      }
    }
    return Map.of("processor", processor, "size", size, "sequences", sequences);
  }

  @PostMapping("/api/admin/dead-letters/{processor}/retry")
  Map<String, Object> retry(@CurrentUser AuthenticatedUser user, @PathVariable String processor) {
    guard.require(user);
    SequencedDeadLetterQueue<EventMessage<?>> queue = queue(processor);
    SequencedDeadLetterProcessor<EventMessage<?>> letters =
        processing.sequencedDeadLetterProcessor(processor).orElseThrow(() -> notFound(processor));
    long sequences = queue.amountOfSequences();
    long retried = 0;
    for (long i = 0; i < sequences; i++) {
      if (letters.processAny()) {
        retried++;
      }
    }
    return Map.of("processor", processor, "sequencesCleared", retried, "size", queue.size());
  }

  @DeleteMapping("/api/admin/dead-letters/{processor}/{eventId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void drop(
      @CurrentUser AuthenticatedUser user,
      @PathVariable String processor,
      @PathVariable String eventId) {
    guard.require(user);
    SequencedDeadLetterQueue<EventMessage<?>> queue = queue(processor);
    for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.deadLetters()) {
      for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
        if (letter.message().getIdentifier().equals(eventId)) {
          queue.evict(letter);
          return;
        }
      }
    }
    throw new DomainException(ErrorCode.NOT_FOUND, "No dead letter with that event id.");
  }

  private SequencedDeadLetterQueue<EventMessage<?>> queue(String processor) {
    if (!processing.eventProcessors().containsKey(processor)) {
      throw notFound(processor);
    }
    return processing
        .deadLetterQueue(processor)
        .orElseThrow(
            () ->
                new DomainException(
                    ErrorCode.NOT_FOUND,
                    "Processor '" + processor + "' has no dead-letter queue."));
  }

  private static DomainException notFound(String processor) {
    return new DomainException(ErrorCode.NOT_FOUND, "No processor named '" + processor + "'.");
  }

  private static Map<String, Object> describe(DeadLetter<? extends EventMessage<?>> letter) {
    EventMessage<?> event = letter.message();
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("eventId", event.getIdentifier());
    line.put("type", event.getPayloadType().getName());
    line.put("conversation", io.parley.support.axon.ParkedEvents.conversationOf(event));
    if (event instanceof DomainEventMessage<?> domain) {
      line.put("aggregateId", domain.getAggregateIdentifier());
      line.put("sequence", domain.getSequenceNumber());
    }
    line.put("timestamp", event.getTimestamp().toString());
    line.put("enqueuedAt", letter.enqueuedAt().toString());
    line.put("lastTouched", letter.lastTouched().toString());
    letter.cause().ifPresent(cause -> line.put("cause", cause.type() + ": " + cause.message()));
    return line;
  }
}
