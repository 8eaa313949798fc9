package io.parley.push.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.push.protocol.MarkerMoved;
import io.parley.push.protocol.PushType;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/**
 * The server's push payloads and the browser client's wire types cannot drift apart silently: every
 * payload record's JSON shape (field names and JSON kinds, from a sample serialised as the app
 * does) is the checked-in frontend/src/api/push-protocol.json, whose shapes the frontend's protocol
 * test compares with samples typed by the union in types.ts (docs/adr/0112). After a deliberate
 * change, regenerate it with {@code -Dparley.protocol.write=true} and update types.ts.
 */
class PushTypesTest {
  // Surefire runs in the module's directory; the client's files sit beside it in the repository.
  private static final Path PROTOCOL =
      Path.of("..", "frontend", "src", "api", "push-protocol.json");
  private static final ObjectMapper JSON =
      Jackson2ObjectMapperBuilder.json()
          .featuresToDisable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  @Test
  void theBrowserClientKnowsExactlyThePayloadShapesTheServerSends() throws IOException {
    String expected = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(shapes()) + "\n";
    if (Boolean.getBoolean("parley.protocol.write")) {
      Files.writeString(PROTOCOL, expected, StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(PROTOCOL, StandardCharsets.UTF_8))
        .as("frontend/src/api/push-protocol.json (regenerate with -Dparley.protocol.write=true)")
        .isEqualTo(expected);
  }

  @Test
  void everyEventTypeIsListedOnceInTheContractsOrder() {
    assertThat(Push.TYPES).doesNotHaveDuplicates().hasSize(PushType.ALL.size());
    assertThat(Push.TYPES.get(0)).isEqualTo("message.created");
  }

  @Test
  void aPushCannotCarryAnotherTypesPayload() {
    Object marker = new MarkerMoved(UUID.randomUUID(), 1);
    @SuppressWarnings({"unchecked", "rawtypes"})
    PushType<Object> created = (PushType) PushType.MESSAGE_CREATED;
    assertThatThrownBy(() -> Push.of(created, null, marker))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** {@code [{type, ephemeral, data: {field: kind}}]} in the contract's order. */
  static ArrayNode shapes() {
    ArrayNode shapes = JSON.createArrayNode();
    for (PushType<?> type : PushType.ALL) {
      ObjectNode shape = shapes.addObject();
      shape.put("type", type.wire());
      shape.put("ephemeral", type.ephemeral());
      ObjectNode data = shape.putObject("data");
      JsonNode sample = JSON.valueToTree(sample(type.data()));
      for (Iterator<Map.Entry<String, JsonNode>> it = sample.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        data.put(field.getKey(), kind(field.getValue()));
      }
    }
    return shapes;
  }

  /** A record with every component set (none null), so each field shows its JSON kind. */
  private static Object sample(Class<?> record) {
    RecordComponent[] components = record.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      values[i] = value(types[i]);
    }
    try {
      return record.getDeclaredConstructor(types).newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot make a sample " + record.getSimpleName(), e);
    }
  }

  private static Object value(Class<?> type) {
    if (type == UUID.class) {
      return UUID.fromString("00000000-0000-0000-0000-000000000001");
    } else if (type == String.class) {
      return "text";
    } else if (type == long.class || type == Long.class) {
      return 1L;
    } else if (type == int.class || type == Integer.class) {
      return 1;
    } else if (type == boolean.class || type == Boolean.class) {
      // false: a `deleted: true` sample would blank the fields a deleted message hides (ciphertext)
      return false;
    } else if (type == Instant.class) {
      return Instant.parse("2026-01-01T00:00:00Z");
    } else if (type == Map.class) {
      return Map.of("key", 1);
    } else if (type == List.class) {
      return List.of();
    }
    throw new IllegalArgumentException("No sample for a payload field of type " + type);
  }

  private static String kind(JsonNode value) {
    return switch (value.getNodeType()) {
      case STRING -> "string";
      case NUMBER -> "number";
      case BOOLEAN -> "boolean";
      case ARRAY -> "array";
      case OBJECT -> "object";
      default -> throw new IllegalArgumentException("Unexpected sample value " + value);
    };
  }
}
