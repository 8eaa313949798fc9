package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the app while members send into a group: started again on the same data
 * directory, it has every message it acknowledged, once, in gap-free order.
 */
class KillAppIT {
  @TempDir Path dataDir;

  @Test
  void anAppKilledMidStreamLosesAndDuplicatesNothingItAcknowledged() {
    int port = TestPorts.free();
    GroupUnderLoad group;
    GroupSenders senders;
    try (LauncherProcess launcher = FaultyLaunch.start(dataDir, port)) {
      group = GroupUnderLoad.create(port, 4);
      senders = group.startSending(port);
      senders.awaitAcknowledged(100, Duration.ofSeconds(60));
      launcher.kill();
    }
    int acknowledgedBeforeTheKill = senders.acknowledged();

    try (LauncherProcess again = FaultyLaunch.start(dataDir, port)) {
      senders.awaitAcknowledged(acknowledgedBeforeTheKill + 50, Duration.ofSeconds(60));
      Map<String, GroupSenders.Ack> acks = senders.finish(Duration.ofSeconds(60));
      assertThat(senders.failedAttempts()).as("sends refused while the app was down").isPositive();
      group.assertConverged(senders, acks, port);
    } finally {
      senders.close();
    }
  }
}
