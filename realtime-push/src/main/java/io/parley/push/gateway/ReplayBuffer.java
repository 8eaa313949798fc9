package io.parley.push.gateway;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The recent events of one session, bounded in count and characters, oldest evicted first, and
 * counted against the process's {@link BufferBudget}. An entry is the event id and the event's
 * {@link SharedTail}, the part every recipient shares; the session's frame is built from them when
 * it is replayed. The bounds count each entry's whole frame (they bound what one session can be
 * sent on a resume); the budget is charged each entry's per-session prefix, and the shared tail
 * once for all buffers and queues that hold it (docs/adr/0196).
 */
final class ReplayBuffer {
  /** One kept event: its id for this session and the tail shared with the other recipients. */
  record Entry(long eventId, SharedTail tail) {
    /** An entry for a whole frame (a handed-over one): its tail is its own. */
    static Entry ofFrame(long eventId, String frame) {
      return new Entry(eventId, SharedTail.ofFrame(eventId, frame));
    }

    /** The frame as the session sends it. */
    String frame() {
      return tail.frame(eventId);
    }

    /** The characters of {@link #frame()}. */
    int chars() {
      return tail.frameLength(eventId);
    }
  }

  private final int maxEvents;
  private final int maxChars;
  private final BufferBudget budget;
  private final Runnable onEviction;
  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  private long chars;
  private long evictedUpTo;

  ReplayBuffer(int maxEvents, int maxChars, BufferBudget budget) {
    this(maxEvents, maxChars, budget, () -> {});
  }

  /** {@code onEviction}: told of each frame evicted to stay within the bounds. */
  ReplayBuffer(int maxEvents, int maxChars, BufferBudget budget, Runnable onEviction) {
    this.onEviction = onEviction;
    this.maxEvents = maxEvents;
    this.maxChars = maxChars;
    this.budget = budget;
  }

  /** Keeps an event; false (nothing kept) when the process's budget cannot take it. */
  boolean add(long eventId, SharedTail tail) {
    int prefix = SharedTail.prefixLength(eventId);
    if (!budget.reserve(prefix)) {
      return false;
    }
    if (!tail.retain(budget)) {
      budget.release(prefix);
      return false;
    }
    Entry entry = new Entry(eventId, tail);
    entries.add(entry);
    chars += entry.chars();
    while (entries.size() > maxEvents || (chars > maxChars && !entries.isEmpty())) {
      Entry oldest = entries.poll();
      chars -= oldest.chars();
      free(oldest);
      evictedUpTo = oldest.eventId();
      onEviction.run();
    }
    return true;
  }

  private void free(Entry entry) {
    budget.release(SharedTail.prefixLength(entry.eventId()));
    entry.tail().release();
  }

  /** Forgets every frame (a resume is impossible from now on) and gives their memory back. */
  void clear(long lastIssued) {
    Entry entry;
    while ((entry = entries.poll()) != null) {
      free(entry);
    }
    chars = 0;
    evictedUpTo = Math.max(evictedUpTo, lastIssued);
  }

  /** From now on a resume must have seen at least {@code eventId} (earlier frames are not here). */
  void startAfter(long eventId) {
    evictedUpTo = Math.max(evictedUpTo, eventId);
  }

  /**
   * The most recent entries, at most {@code maxFrames} and {@code maxChars} of frames, oldest
   * first.
   */
  List<Entry> tail(int maxFrames, int maxChars) {
    java.util.ArrayList<Entry> tail = new java.util.ArrayList<>();
    long total = 0;
    var newest = entries.descendingIterator();
    while (newest.hasNext() && tail.size() < maxFrames) {
      Entry entry = newest.next();
      total += entry.chars();
      if (total > maxChars) {
        break;
      }
      tail.add(entry);
    }
    java.util.Collections.reverse(tail);
    return tail;
  }

  boolean sheddingEphemeral() {
    return budget.shedsEphemeral();
  }

  /** Characters of the frames this session keeps (each counted whole, shared tail included). */
  long chars() {
    return chars;
  }

  /**
   * The entries after {@code lastEventId}, or null when some of them were already evicted (or the
   * id was never issued), so an exact replay is impossible.
   */
  List<Entry> after(long lastEventId, long lastIssued) {
    if (lastEventId < evictedUpTo || lastEventId > lastIssued || lastEventId < 0) {
      return null;
    }
    return entries.stream().filter(e -> e.eventId() > lastEventId).toList();
  }
}
