package io.parley.infra.stores;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCqlNodeTest {
  @TempDir Path dataDir;

  @Test
  void aNodeKilledWhileItsOwnerRunsIsStartedAgainOnTheSamePort() throws Exception {
    try (LocalCqlNode node = LocalCqlNode.start(dataDir.resolve("cql"))) {
      Path pidFile = dataDir.resolve("cql").resolve(LocalCqlNode.PID_FILE);
      long first = Long.parseLong(Files.readString(pidFile).trim());
      ProcessHandle killed = ProcessHandle.of(first).orElseThrow();
      killed.destroyForcibly();
      killed.onExit().join();

      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (node.restarts() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertThat(node.restarts()).isEqualTo(1);
      assertThat(node.isAlive()).isTrue();
      assertThat(Long.parseLong(Files.readString(pidFile).trim())).isNotEqualTo(first);
      assertThat(accepts(node.port())).isTrue();
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
