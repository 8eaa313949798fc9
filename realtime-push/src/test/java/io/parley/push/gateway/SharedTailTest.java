package io.parley.push.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A session's frame as bytes is exactly its text frame in UTF-8, however often it is built. */
class SharedTailTest {
  @Test
  void frameBytesAreTheFramesUtf8() {
    SharedTail tail =
        new SharedTail("\"type\":\"message.created\",\"data\":{\"body\":\"héllo 你好 🙂\"}}");
    for (long eventId : new long[] {1, 9, 10, 12_345_678_901L, 1}) {
      ByteBuffer bytes = tail.frameBytes(eventId);
      assertThat(StandardCharsets.UTF_8.decode(bytes).toString()).isEqualTo(tail.frame(eventId));
    }
  }
}
