package io.parley.support.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.support.auth.AuthenticatedUser;
import io.parley.support.web.CurrentUser;
import io.parley.support.web.InvalidInputException;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Audit access to the event log: one aggregate's stream, readable; and the whole log (or a time
 * range) exported as NDJSON, streamed so memory stays flat whatever its size.
 */
@RestController
class EventAuditController {
  private static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

  private final EventStore eventStore;
  private final AdminGuard guard;
  private final ObjectMapper json;

  EventAuditController(EventStore eventStore, AdminGuard guard, ObjectMapper json) {
    this.eventStore = eventStore;
    this.guard = guard;
    this.json = json;
  }

  @GetMapping("/api/admin/events/{aggregateId}")
  Map<String, List<Map<String, Object>>> aggregate(
      @CurrentUser AuthenticatedUser user, @PathVariable String aggregateId) {
    guard.require(user);
    if (aggregateId.length() > 255) {
      throw InvalidInputException.of("aggregateId", "is too long");
    }
    List<Map<String, Object>> events =
        eventStore.readEvents(aggregateId, 0).asStream().map(this::describe).toList();
    if (events.isEmpty()) {
      throw new DomainException(ErrorCode.NOT_FOUND, "No events for that aggregate.");
    }
    return Map.of("items", events);
  }

  @GetMapping("/api/admin/events/export")
  ResponseEntity<StreamingResponseBody> export(
      @CurrentUser AuthenticatedUser user,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to) {
    guard.require(user);
    Instant start = parse(from, "from");
    Instant end = parse(to, "to");
    if (start != null && end != null && !start.isBefore(end)) {
      throw InvalidInputException.of("to", "must be after from");
    }
    TrackingToken token = start == null ? null : eventStore.createTokenAt(start);
    StreamingResponseBody body = out -> write(out, token, end);
    return ResponseEntity.ok().contentType(NDJSON).body(body);
  }

  private void write(OutputStream raw, TrackingToken token, Instant end)
      throws java.io.IOException {
    OutputStream out = new BufferedOutputStream(raw, 64 * 1024);
    try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(token)) {
      while (stream.hasNextAvailable()) {
        TrackedEventMessage<?> event = stream.nextAvailable();
        if (end != null && !event.getTimestamp().isBefore(end)) {
          break;
        }
        Map<String, Object> line = describe(event);
        line.put("globalIndex", event.trackingToken().position().orElse(-1));
        out.write(json.writeValueAsBytes(line));
        out.write('\n');
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    out.flush();
  }

  private Map<String, Object> describe(EventMessage<?> event) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("eventId", event.getIdentifier());
    line.put("type", event.getPayloadType().getName());
    if (event instanceof DomainEventMessage<?> domain) {
      line.put("aggregateId", domain.getAggregateIdentifier());
      line.put("sequence", domain.getSequenceNumber());
    }
    line.put("timestamp", event.getTimestamp().toString());
    line.put("payload", event.getPayload());
    return line;
  }

  private static Instant parse(String value, String field) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw InvalidInputException.of(field, "must be an RFC 3339 UTC time");
    }
  }
}
