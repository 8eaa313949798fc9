package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.infra.stores.LocalCqlNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the local CQL node while members send into a group: sends go on (the event log
 * is Postgres), the app starts the node again, and the timeline catches up with every message.
 */
class KillCqlNodeIT {
  @TempDir Path dataDir;

  @Test
  void sendsGoOnWhileTheCqlNodeIsDownAndTheTimelineCatchesUpWhenItIsBack() throws IOException {
    int port = TestPorts.free();
    try (LauncherProcess launcher = FaultyLaunch.start(dataDir, port)) {
      int cqlPort = nativePort(dataDir.resolve("cql/conf/cassandra.yaml"));
      GroupUnderLoad group = GroupUnderLoad.create(port, 4);
      Path pidFile = dataDir.resolve("cql").resolve(LocalCqlNode.PID_FILE);
      ProcessHandle node = nodeProcess(pidFile).orElseThrow();
      Map<String, GroupSenders.Ack> acks = new HashMap<>();
      try (GroupSenders senders = group.startSending(port)) {
        senders.awaitAcknowledged(100, Duration.ofSeconds(60));
        node.destroyForcibly();
        node.onExit().join();
        int acknowledgedAtTheKill = senders.acknowledged();

        senders.awaitAcknowledged(acknowledgedAtTheKill + 30, Duration.ofSeconds(30));
        assertThat(accepts(cqlPort)).as("acknowledged while the CQL node was still down").isFalse();
        // pause while the node starts (a minute or more on a busy machine): fewer messages to check
        acks.putAll(senders.finish(Duration.ofSeconds(60)));
      }

      launcher.awaitLine("The local CQL node runs again", Duration.ofSeconds(300));
      assertThat(nodeProcess(pidFile)).get().isNotEqualTo(node);
      try (GroupSenders senders = group.startSending(port)) {
        senders.awaitAcknowledged(30, Duration.ofSeconds(60));
        acks.putAll(senders.finish(Duration.ofSeconds(60)));
        try {
          group.assertConverged(senders, acks, port);
        } catch (AssertionError e) {
          throw new AssertionError(e.getMessage() + "\nthe app said:\n" + launcher.tail(300), e);
        }
      }
    }
  }

  private static Optional<ProcessHandle> nodeProcess(Path pidFile) throws IOException {
    return ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
        .filter(ProcessHandle::isAlive);
  }

  private static int nativePort(Path yaml) throws IOException {
    return Files.readAllLines(yaml).stream()
        .filter(line -> line.startsWith("native_transport_port:"))
        .map(line -> Integer.parseInt(line.substring(line.indexOf(':') + 1).trim()))
        .findFirst()
        .orElseThrow();
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
