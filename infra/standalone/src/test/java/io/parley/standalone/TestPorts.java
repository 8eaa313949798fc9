package io.parley.standalone;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports for the processes a test starts, taken below the kernel's ephemeral range (32768–60999
 * here). A port the kernel hands out for {@code new ServerSocket(0)} comes from that range, and so
 * does the local port of every outgoing connection: between the pick and the bind, an app's own
 * connections to its stores could take it ("Port … is already in use", a CI flake).
 */
final class TestPorts {
  private TestPorts() {}

  static int free() {
    for (int attempt = 0; attempt < 500; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(20000, 32000);
      try (ServerSocket socket = new ServerSocket(port)) {
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IllegalStateException("no free port between 20000 and 32000");
  }
}
