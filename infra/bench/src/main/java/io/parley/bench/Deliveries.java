package io.parley.bench;

import java.util.Arrays;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every message the harness sends, who must receive it, and who did: the source of the lost and
 * duplicated counts and of the delivery latencies. A message is known by a local index carried in
 * its body ({@code … #<index>}), so the same bookkeeping serves the app and the raw relay.
 */
final class Deliveries {
  private long[] sentAt = new long[1024];
  private int[][] recipients = new int[1024][];
  private int[] senders = new int[1024];
  private Latencies[] sinks = new Latencies[1024];
  private long[] lastReceivedAt = new long[1024];
  private int[] receivedCount = new int[1024];
  private int size;
  private final BitSet[] seen;
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong unknown = new AtomicLong();

  Deliveries(int clients) {
    seen = new BitSet[clients];
    for (int i = 0; i < clients; i++) {
      seen[i] = new BitSet();
    }
  }

  /**
   * Reserves an index for a message about to be sent; {@code sentAt} is its intended send time.
   * Deliveries to others than the sender add their latency to {@code sink} (none when null).
   */
  synchronized int register(long sentAtNanos, int sender, int[] to, Latencies sink) {
    if (size == sentAt.length) {
      int grown = size * 2;
      sentAt = Arrays.copyOf(sentAt, grown);
      recipients = Arrays.copyOf(recipients, grown);
      senders = Arrays.copyOf(senders, grown);
      sinks = Arrays.copyOf(sinks, grown);
      lastReceivedAt = Arrays.copyOf(lastReceivedAt, grown);
      receivedCount = Arrays.copyOf(receivedCount, grown);
    }
    sentAt[size] = sentAtNanos;
    recipients[size] = to;
    senders[size] = sender;
    sinks[size] = sink;
    return size++;
  }

  /** A send that failed: nobody is owed it (the failure is counted by the sender). */
  synchronized void cancel(int index) {
    recipients[index] = new int[0];
  }

  /** Warm-up messages: they count for duplicates, never as expected deliveries. */
  synchronized void forget(int from, int to) {
    for (int i = from; i < to; i++) {
      recipients[i] = new int[0];
    }
  }

  static String body(String tag, int index) {
    return tag + " #" + index;
  }

  static int indexOf(String body) {
    int hash = body == null ? -1 : body.lastIndexOf('#');
    if (hash < 0) {
      return -1;
    }
    try {
      return Integer.parseInt(body.substring(hash + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Client {@code client} received message {@code index} at {@code nanos}. */
  void received(int client, int index, long nanos) {
    long sent;
    Latencies sink;
    int sender;
    synchronized (this) {
      if (index < 0 || index >= size) {
        unknown.incrementAndGet();
        return;
      }
      sent = sentAt[index];
      sink = sinks[index];
      sender = senders[index];
      receivedCount[index]++;
      lastReceivedAt[index] = Math.max(lastReceivedAt[index], nanos);
    }
    BitSet mine = seen[client];
    synchronized (mine) {
      if (mine.get(index)) {
        duplicates.incrementAndGet();
        return;
      }
      mine.set(index);
    }
    // The sender's own devices get the message too (the contract); its latency is the others'.
    if (sink != null && client != sender) {
      sink.add(nanos - sent);
    }
  }

  /** Expected, received (distinct), lost and duplicated deliveries of messages in [from, to). */
  Tally tally(int from, int to) {
    long expected = 0;
    long received = 0;
    long lastAt = 0;
    long firstSent = Long.MAX_VALUE;
    synchronized (this) {
      to = Math.min(to, size);
      for (int i = from; i < to; i++) {
        expected += recipients[i].length;
        lastAt = Math.max(lastAt, lastReceivedAt[i]);
        firstSent = Math.min(firstSent, sentAt[i]);
      }
    }
    for (int i = from; i < to; i++) {
      for (int client : recipientsOf(i)) {
        BitSet mine = seen[client];
        synchronized (mine) {
          if (mine.get(i)) {
            received++;
          }
        }
      }
    }
    double seconds = lastAt > firstSent ? (lastAt - firstSent) / 1e9 : 0;
    return new Tally(to - from, expected, received, expected - received, seconds);
  }

  private synchronized int[] recipientsOf(int index) {
    return recipients[index];
  }

  synchronized int size() {
    return size;
  }

  long duplicates() {
    return duplicates.get();
  }

  long unknown() {
    return unknown.get();
  }

  /** Waits until every delivery of [from, to) arrived or the timeout passed; returns the tally. */
  Tally await(int from, int to, long timeoutMillis) {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    Tally tally = tally(from, to);
    while (tally.lost() > 0 && System.currentTimeMillis() < deadline) {
      Bench.sleep(100);
      tally = tally(from, to);
    }
    return tally;
  }

  /**
   * {@code seconds}: from the first intended send to the last delivery of the range, so
   * deliveries/s is expected deliveries over the time they took.
   */
  record Tally(int messages, long expected, long received, long lost, double seconds) {
    double deliveriesPerSecond() {
      return seconds > 0 ? received / seconds : 0;
    }
  }
}
