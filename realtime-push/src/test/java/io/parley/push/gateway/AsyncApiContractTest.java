package io.parley.push.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.CloseStatus;
import org.yaml.snakeyaml.Yaml;

/**
 * The machine-readable WebSocket protocol, docs/asyncapi.yaml (docs/adr/0131), describes exactly
 * the events the server pushes — every push type with its payload record's fields and their JSON
 * kinds, and whether it is ephemeral — and exactly the close codes the gateway uses. A payload
 * record changed without the file fails here; the file is edited by hand with the protocol.
 */
class AsyncApiContractTest {
  // Surefire runs in the module's directory; docs/ sits beside it in the repository.
  private static final Path ASYNCAPI = Path.of("..", "docs", "asyncapi.yaml");

  /**
   * Codes the gateway closes with through Spring's own constants rather than {@link Connection}.
   */
  private static final List<CloseStatus> FRAMEWORK_CLOSES =
      List.of(CloseStatus.SESSION_NOT_RELIABLE, CloseStatus.SERVICE_RESTARTED);

  @Test
  void everyPushTypeIsDocumentedWithItsPayloadFieldsAndKinds() throws IOException {
    Map<String, Object> document = load();
    Map<String, Object> documented = new TreeMap<>();
    for (Object message : map(map(document.get("components")).get("messages")).values()) {
      Map<String, Object> m = map(message);
      if (m.containsKey("x-event-type")) {
        Map<String, Object> payload = map(m.get("payload"));
        String ref = (String) map(map(payload.get("properties")).get("data")).get("$ref");
        Map<String, Object> shape = new LinkedHashMap<>();
        shape.put("ephemeral", m.get("x-ephemeral"));
        shape.put("data", kinds(document, ref));
        documented.put((String) m.get("x-event-type"), shape);
      }
    }
    Map<String, Object> server = new TreeMap<>();
    for (JsonNode type : PushTypesTest.shapes()) {
      Map<String, Object> shape = new LinkedHashMap<>();
      shape.put("ephemeral", type.get("ephemeral").asBoolean());
      Map<String, String> data = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = type.get("data").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        data.put(field.getKey(), field.getValue().asText());
      }
      shape.put("data", data);
      server.put(type.get("type").asText(), shape);
    }
    assertThat(documented).as("events in docs/asyncapi.yaml").isEqualTo(server);
  }

  @Test
  void theDocumentedCloseCodesAreExactlyThoseTheGatewayUses() throws Exception {
    Set<Integer> used = new TreeSet<>();
    for (Field field : Connection.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == CloseStatus.class) {
        field.setAccessible(true);
        used.add(((CloseStatus) field.get(null)).getCode());
      }
    }
    FRAMEWORK_CLOSES.forEach(status -> used.add(status.getCode()));
    Set<Integer> documented = new TreeSet<>();
    for (Object code : list(map(load().get("info")).get("x-close-codes"))) {
      documented.add((Integer) map(code).get("code"));
    }
    assertThat(documented).as("x-close-codes in docs/asyncapi.yaml").isEqualTo(used);
  }

  @Test
  void theClientOpsAreTheOnesTheGatewayAnswers() throws IOException {
    List<String> ops = new ArrayList<>();
    Map<String, Object> messages = map(map(load().get("components")).get("messages"));
    for (Object ref :
        list(map(map(load().get("operations")).get("receiveClientFrames")).get("messages"))) {
      String name = ((String) map(ref).get("$ref")).replaceAll(".*/", "");
      Map<String, Object> op = map(map(map(messages.get(name)).get("payload")).get("properties"));
      ops.add((String) map(op.get("op")).get("const"));
    }
    assertThat(ops).containsExactly("identify", "heartbeat", "typing", "ack", "presence_subscribe");
  }

  /** {field: JSON kind} of a schema, in the words of push-protocol.json. */
  private static Map<String, String> kinds(Map<String, Object> document, String ref) {
    Map<String, Object> schema =
        map(map(map(document.get("components")).get("schemas")).get(ref.replaceAll(".*/", "")));
    Map<String, String> kinds = new TreeMap<>();
    map(schema.get("properties"))
        .forEach((field, property) -> kinds.put(field, kind(map(property).get("type"))));
    return kinds;
  }

  private static String kind(Object type) {
    String first =
        type instanceof List<?> types
            ? types.stream().map(Object::toString).filter(t -> !t.equals("null")).findFirst().get()
            : type.toString();
    return first.equals("integer") ? "number" : first;
  }

  private static Map<String, Object> load() throws IOException {
    try (Reader reader = Files.newBufferedReader(ASYNCAPI, StandardCharsets.UTF_8)) {
      return new Yaml().load(reader);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  private static List<?> list(Object value) {
    return (List<?>) value;
  }
}
