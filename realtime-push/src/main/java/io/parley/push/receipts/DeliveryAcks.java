package io.parley.push.receipts;

import io.parley.push.routing.PushConversations;
import io.parley.push.routing.PushMemberships;
import io.parley.support.DaemonThreads;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A device's {@code ack}: the user has received a conversation up to {@code seq}. Only members may
 * ack, only up to the conversation's last known seq, and the marker only moves forward (decided by
 * a conditional upsert, so concurrent acks from several devices or processes announce once each
 * step). {@code push_delivery_marker} is the store of record; a step is announced to every push
 * process with {@code NOTIFY} ({@link DeliveryRelay}), never appended to the event log
 * (docs/adr/0097), as {@code conversationId userId seq previousSeq}.
 *
 * <p>Acks are written off the socket's thread, together: one statement and one commit for all the
 * acks that arrived while the previous one was written (docs/adr/0222). Every online device of a
 * busy conversation acks about once a second; one commit each was a flush of the log per ack. An
 * ack has no answer, so a batch that fails is dropped: the device's next ack moves the marker.
 */
@Component
public class DeliveryAcks implements DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(DeliveryAcks.class);

  /** Moves the marker forward only; returns the new seq if it moved, no row if it did not. */
  private static final String ADVANCE =
      "INSERT INTO push_delivery_marker (conversation_id, user_id, seq) VALUES (?, ?, ?)"
          + " ON CONFLICT (conversation_id, user_id) DO UPDATE SET seq = EXCLUDED.seq"
          + " WHERE push_delivery_marker.seq < EXCLUDED.seq RETURNING seq";

  /**
   * Moves many markers; announces each step that moved one, with the marker as this statement found
   * it: never above where the step started, so the relay never narrows its audience too far.
   */
  private static final String ADVANCE_ALL =
      "WITH input AS (SELECT * FROM unnest(CAST(? AS uuid[]), CAST(? AS uuid[]),"
          + " CAST(? AS bigint[])) AS i (conversation_id, user_id, seq)),"
          + " before AS (SELECT m.conversation_id, m.user_id, m.seq FROM push_delivery_marker m"
          + " JOIN input i ON m.conversation_id = i.conversation_id AND m.user_id = i.user_id),"
          + " moved AS (INSERT INTO push_delivery_marker (conversation_id, user_id, seq)"
          + " SELECT conversation_id, user_id, seq FROM input"
          + " ON CONFLICT (conversation_id, user_id) DO UPDATE SET seq = EXCLUDED.seq"
          + " WHERE push_delivery_marker.seq < EXCLUDED.seq"
          + " RETURNING conversation_id, user_id, seq)"
          + " SELECT pg_notify(?, moved.conversation_id || ' ' || moved.user_id || ' ' || moved.seq"
          + " || ' ' || coalesce(before.seq, 0)) FROM moved LEFT JOIN before"
          + " ON before.conversation_id = moved.conversation_id AND before.user_id = moved.user_id";

  private record Marker(UUID conversationId, UUID userId) {}

  private static final Comparator<Marker> ORDER =
      Comparator.comparing(Marker::conversationId).thenComparing(Marker::userId);

  private final JdbcTemplate jdbc;
  private final PushMemberships memberships;
  private final PushConversations conversations;
  private final ExecutorService writer =
      Executors.newSingleThreadExecutor(DaemonThreads.named("delivery-acks"));

  /** The highest seq acked per marker since the last write began; guarded by {@code this}. */
  private Map<Marker, Long> pending = new HashMap<>();

  /**
   * A write is queued or running: it takes what is pending when it ends; guarded by {@code this}.
   */
  private boolean writing;

  DeliveryAcks(JdbcTemplate jdbc, PushMemberships memberships, PushConversations conversations) {
    this.jdbc = jdbc;
    this.conversations = conversations;
    this.memberships = memberships;
  }

  /** Takes the ack when it is one a member may make; its marker moves with the next write. */
  public void ack(UUID userId, UUID conversationId, long seq) {
    if (seq < 1
        || !memberships.isMember(conversationId, userId)
        || !conversations.reached(conversationId, seq)) {
      return;
    }
    synchronized (this) {
      pending.merge(new Marker(conversationId, userId), seq, Math::max);
      if (writing) {
        return;
      }
      writing = true;
    }
    try {
      writer.execute(this::write);
    } catch (RejectedExecutionException stopping) {
      synchronized (this) {
        writing = false;
      }
    }
  }

  /** Writes what is pending until nothing is: each write takes every ack made during the last. */
  private void write() {
    while (true) {
      Map<Marker, Long> batch;
      synchronized (this) {
        if (pending.isEmpty()) {
          writing = false;
          return;
        }
        batch = pending;
        pending = new HashMap<>();
      }
      write(batch);
    }
  }

  private void write(Map<Marker, Long> batch) {
    // The same order in every process, so two batches never wait on each other's rows.
    List<Marker> markers = batch.keySet().stream().sorted(ORDER).toList();
    try {
      jdbc.queryForList(
          ADVANCE_ALL,
          Object.class,
          array(markers.stream().map(Marker::conversationId).toList()),
          array(markers.stream().map(Marker::userId).toList()),
          array(markers.stream().map(batch::get).toList()),
          DeliveryRelay.CHANNEL);
    } catch (RuntimeException e) {
      log.warn(
          "{} delivery acks not written; the devices' next acks move them: {}",
          batch.size(),
          e.toString());
    }
  }

  /** A Postgres array literal of UUIDs or numbers (no quoting needed for either). */
  private static String array(List<?> values) {
    StringJoiner joined = new StringJoiner(",", "{", "}");
    values.forEach(value -> joined.add(value.toString()));
    return joined.toString();
  }

  /** Keeps the marker in step with markers from an old log's {@code DeliveryMarkerMovedEvent}. */
  public void observed(UUID conversationId, UUID userId, long seq) {
    jdbc.queryForList(ADVANCE, Long.class, conversationId, userId, seq);
  }

  /** Writes what was acked before the process stops. */
  @Override
  public void destroy() throws InterruptedException {
    writer.shutdown();
    writer.awaitTermination(5, TimeUnit.SECONDS);
  }
}
