package org.apache.tomcat.websocket;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import java.nio.ByteBuffer;

/**
 * Writes a text frame whose UTF-8 bytes are already encoded, on Tomcat's WebSocket implementation
 * (docs/adr/0200). The API only takes text as a {@code String}, which Tomcat encodes character by
 * character for every socket; a frame going to a thousand sockets is encoded once instead and its
 * bytes handed to the same internal step the container's own text send ends in, so framing,
 * extensions (permessage-deflate), write timeouts and completion are the container's. It lives in
 * Tomcat's package because that step is package-private: a Tomcat upgrade that changes it breaks
 * the build, not delivery, and {@code PreEncodedTextFramesTest} and the writer-path delivery tests
 * run it against the real container.
 *
 * <p>The caller guarantees what the public API's state machine would: at most one data frame in
 * flight per socket (Parley's {@code Outbox} writes one at a time).
 */
public final class PreEncodedTextFrames {
  private PreEncodedTextFrames() {}

  /** Whether {@code remote} is Tomcat's, so {@link #send} can write to it. */
  public static boolean supports(RemoteEndpoint.Async remote) {
    return remote instanceof WsRemoteEndpointAsync;
  }

  /**
   * Sends {@code utf8} (valid UTF-8, one whole message) as a text frame; completes {@code done}.
   */
  public static void send(RemoteEndpoint.Async remote, ByteBuffer utf8, SendHandler done) {
    ((WsRemoteEndpointAsync) remote).base.startMessage(Constants.OPCODE_TEXT, utf8, true, done);
  }
}
