package io.parley.push.receipts;

import io.parley.push.gateway.Push;
import io.parley.push.gateway.Sessions;
import io.parley.push.protocol.MarkerMoved;
import io.parley.push.protocol.PushType;
import io.parley.push.routing.PushMemberships;
import io.parley.support.notify.ChannelListener;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Pushes {@code delivered.updated} for each marker step {@link DeliveryAcks} announces: every push
 * process, the origin included, sends it to the sockets it holds of the members whose messages the
 * step shows delivered first ({@link PendingReceipts}, docs/adr/0222), or of every other member
 * when it cannot tell (the device that acknowledged already knows). A process that was not
 * listening misses only intermediate steps: the marker only moves forward and the next step carries
 * the latest seq.
 */
@Component
class DeliveryRelay implements SmartLifecycle {
  static final String CHANNEL = "parley_delivery";

  private final PushMemberships memberships;
  private final Sessions sessions;
  private final PendingReceipts pending;
  private final ChannelListener listener;

  DeliveryRelay(
      DataSource dataSource,
      PushMemberships memberships,
      Sessions sessions,
      PendingReceipts pending) {
    this.memberships = memberships;
    this.pending = pending;
    this.sessions = sessions;
    this.listener =
        new ChannelListener(
            dataSource, "delivery-listener", Map.of(CHANNEL, this::relay), () -> {});
  }

  /**
   * Payload: {@code conversationId userId seq previousSeq}; without the last part (a process of an
   * earlier version announced it) every other member is told.
   */
  void relay(String payload) {
    String[] parts = payload.split(" ");
    if (parts.length != 3 && parts.length != 4) {
      return;
    }
    UUID conversationId = UUID.fromString(parts[0]);
    UUID userId = UUID.fromString(parts[1]);
    long seq = Long.parseLong(parts[2]);
    long previous = parts.length == 4 ? Long.parseLong(parts[3]) : -1;
    Set<UUID> members = memberships.members(conversationId);
    Set<UUID> concerned = pending.concerned(conversationId, userId, previous, seq);
    List<UUID> to =
        concerned == null
            ? members.stream().filter(id -> !id.equals(userId)).toList()
            : concerned.stream().filter(members::contains).toList();
    if (!to.isEmpty()) {
      sessions.broadcast(
          to, Push.of(PushType.DELIVERED_UPDATED, conversationId, new MarkerMoved(userId, seq)));
    }
  }

  @Override
  public void start() {
    listener.start();
  }

  @Override
  public void stop() {
    listener.stop();
  }

  @Override
  public boolean isRunning() {
    return listener.isRunning();
  }
}
