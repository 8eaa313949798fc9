package io.parley.command.message;

import java.time.Clock;
import org.springframework.stereotype.Component;

/**
 * Time-ordered 64-bit message ids, snowflake style: 41 bits of milliseconds since 2026-01-01, 10
 * bits of node id (unique per command-side instance: leased, or set by {@code parley.node-id}), 12
 * bits of sequence.
 */
@Component
public class MessageIds {
  static final long EPOCH_MILLIS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  private static final int NODE_BITS = 10;
  private static final int SEQUENCE_BITS = 12;
  private static final long MAX_SEQUENCE = (1L << SEQUENCE_BITS) - 1;
  static final int MAX_NODE = (1 << NODE_BITS) - 1;

  private final Clock clock;
  private final NodeId node;
  private long lastMillis = -1;
  private long sequence;

  public MessageIds(Clock clock, NodeId node) {
    this.clock = clock;
    this.node = node;
  }

  public synchronized long next() {
    long node = this.node.current(); // refuses when the lease lapsed, before any state changes
    long now = Math.max(clock.millis(), lastMillis); // never go back with the wall clock
    if (now == lastMillis) {
      sequence = (sequence + 1) & MAX_SEQUENCE;
      if (sequence == 0) {
        now = lastMillis + 1; // borrow the next millisecond rather than repeat an id
      }
    } else {
      sequence = 0;
    }
    lastMillis = now;
    return ((now - EPOCH_MILLIS) << (NODE_BITS + SEQUENCE_BITS))
        | (node << SEQUENCE_BITS)
        | sequence;
  }
}
