package io.parley.support.upcasting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.parley.events.account.DisplayNameChangedEvent;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

class DisplayNameChangedEventUpcasterTest {
  private final JacksonSerializer serializer =
      JacksonSerializer.builder()
          .objectMapper(new ObjectMapper().registerModule(new JavaTimeModule()))
          .build();

  @Test
  void readsAnEventStoredByRevisionOneAsTheCurrentRecord() throws IOException {
    byte[] stored = fixture("events/display-name-changed-revision-1.json");

    List<IntermediateEventRepresentation> upcast =
        new DisplayNameChangedEventUpcaster().upcast(Stream.of(entry(stored, null))).toList();

    assertThat(upcast)
        .singleElement()
        .satisfies(r -> assertThat(r.getType().getRevision()).isEqualTo("2"));
    SerializedObject<byte[]> payload = upcast.get(0).getData(byte[].class);
    DisplayNameChangedEvent event = serializer.deserialize(payload);
    assertThat(event)
        .isEqualTo(
            new DisplayNameChangedEvent(
                UUID.fromString("8d3c4c7e-2f0a-4a57-9a43-3f5c0f1d2b6e"),
                "Ada Lovelace",
                Instant.parse("2026-11-01T09:30:00Z")));
  }

  @Test
  void leavesTheCurrentRevisionAlone() {
    DisplayNameChangedEvent current =
        new DisplayNameChangedEvent(
            UUID.randomUUID(), "Grace", Instant.parse("2026-11-02T10:00:00Z"));
    byte[] stored = serializer.serialize(current, byte[].class).getData();

    List<IntermediateEventRepresentation> upcast =
        new DisplayNameChangedEventUpcaster().upcast(Stream.of(entry(stored, "2"))).toList();

    DisplayNameChangedEvent read = serializer.deserialize(upcast.get(0).getData(byte[].class));
    assertThat(read).isEqualTo(current);
  }

  private IntermediateEventRepresentation entry(byte[] payload, String revision) {
    GenericDomainEventEntry<byte[]> entry =
        new GenericDomainEventEntry<>(
            "Account",
            "8d3c4c7e-2f0a-4a57-9a43-3f5c0f1d2b6e",
            3,
            UUID.randomUUID().toString(),
            "2026-11-01T09:30:00Z",
            DisplayNameChangedEvent.class.getName(),
            revision,
            payload,
            "{}".getBytes());
    return new InitialEventRepresentation(entry, serializer);
  }

  private static byte[] fixture(String name) throws IOException {
    try (InputStream in =
        DisplayNameChangedEventUpcasterTest.class.getClassLoader().getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }
}
