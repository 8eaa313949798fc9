package io.parley.push.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server's event types and the browser client's wire types cannot drift apart silently. */
class PushTypesTest {
  @Test
  void theBrowserClientKnowsExactlyTheEventTypesTheServerSends() throws IOException {
    // Surefire runs in the module's directory; the client's list sits beside it in the repository.
    Path clientList = Path.of("..", "frontend", "src", "api", "event-types.json");
    List<String> client =
        new ObjectMapper().readValue(clientList.toFile(), new TypeReference<>() {});

    assertThat(client).isEqualTo(Push.TYPES);
  }

  @Test
  void anEventOfATypeOutsideTheContractCannotBeMade() {
    assertThatThrownBy(() -> Push.of("message.exploded", null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
