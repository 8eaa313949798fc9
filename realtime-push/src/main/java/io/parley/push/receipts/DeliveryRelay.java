package io.parley.push.receipts;

import io.parley.push.gateway.Push;
import io.parley.push.gateway.Sessions;
import io.parley.push.protocol.MarkerMoved;
import io.parley.push.protocol.PushType;
import io.parley.push.routing.PushMemberships;
import io.parley.support.notify.ChannelListener;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Pushes {@code delivered.updated} for each marker step {@link DeliveryAcks} announces: every push
 * process, the origin included, sends it to the sockets it holds of the conversation's other
 * members (the device that acknowledged already knows). A process that was not listening misses
 * only intermediate steps: the marker only moves forward and the next step carries the latest seq.
 */
@Component
class DeliveryRelay implements SmartLifecycle {
  static final String CHANNEL = "parley_delivery";

  private final PushMemberships memberships;
  private final Sessions sessions;
  private final ChannelListener listener;

  DeliveryRelay(DataSource dataSource, PushMemberships memberships, Sessions sessions) {
    this.memberships = memberships;
    this.sessions = sessions;
    this.listener =
        new ChannelListener(
            dataSource, "delivery-listener", Map.of(CHANNEL, this::relay), () -> {});
  }

  /** Payload: {@code conversationId userId seq}. */
  void relay(String payload) {
    String[] parts = payload.split(" ");
    if (parts.length != 3) {
      return;
    }
    UUID conversationId = UUID.fromString(parts[0]);
    UUID userId = UUID.fromString(parts[1]);
    long seq = Long.parseLong(parts[2]);
    sessions.broadcast(
        memberships.members(conversationId).stream().filter(id -> !id.equals(userId)).toList(),
        Push.of(PushType.DELIVERED_UPDATED, conversationId, new MarkerMoved(userId, seq)));
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
