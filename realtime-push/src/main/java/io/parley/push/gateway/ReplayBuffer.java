package io.parley.push.gateway;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The recent event frames of one session, bounded in count and characters, oldest evicted first,
 * and counted against the process's {@link BufferBudget}.
 */
final class ReplayBuffer {
  record Entry(long eventId, String frame) {}

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

  /** Keeps a frame; false (nothing kept) when the process's budget cannot take it. */
  boolean add(long eventId, String frame) {
    if (!budget.reserve(frame.length())) {
      return false;
    }
    entries.add(new Entry(eventId, frame));
    chars += frame.length();
    while (entries.size() > maxEvents || (chars > maxChars && !entries.isEmpty())) {
      Entry oldest = entries.poll();
      chars -= oldest.frame().length();
      budget.release(oldest.frame().length());
      evictedUpTo = oldest.eventId();
      onEviction.run();
    }
    return true;
  }

  /** Forgets every frame (a resume is impossible from now on) and gives their memory back. */
  void clear(long lastIssued) {
    budget.release(chars);
    entries.clear();
    chars = 0;
    evictedUpTo = Math.max(evictedUpTo, lastIssued);
  }

  /** From now on a resume must have seen at least {@code eventId} (earlier frames are not here). */
  void startAfter(long eventId) {
    evictedUpTo = Math.max(evictedUpTo, eventId);
  }

  /**
   * The most recent frames, at most {@code maxFrames} and {@code maxChars} of them, oldest first.
   */
  List<Entry> tail(int maxFrames, int maxChars) {
    java.util.ArrayList<Entry> tail = new java.util.ArrayList<>();
    long total = 0;
    var newest = entries.descendingIterator();
    while (newest.hasNext() && tail.size() < maxFrames) {
      Entry entry = newest.next();
      total += entry.frame().length();
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

  long chars() {
    return chars;
  }

  /**
   * The frames after {@code lastEventId}, or null when some of them were already evicted (or the id
   * was never issued), so an exact replay is impossible.
   */
  List<String> after(long lastEventId, long lastIssued) {
    if (lastEventId < evictedUpTo || lastEventId > lastIssued || lastEventId < 0) {
      return null;
    }
    return entries.stream().filter(e -> e.eventId() > lastEventId).map(Entry::frame).toList();
  }
}
