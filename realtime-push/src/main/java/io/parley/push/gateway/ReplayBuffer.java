package io.parley.push.gateway;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The recent event frames of one session, bounded in count and characters, oldest evicted first.
 */
final class ReplayBuffer {
  private record Entry(long eventId, String frame) {}

  private final int maxEvents;
  private final int maxChars;
  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  private long chars;
  private long evictedUpTo;

  ReplayBuffer(int maxEvents, int maxChars) {
    this.maxEvents = maxEvents;
    this.maxChars = maxChars;
  }

  void add(long eventId, String frame) {
    entries.add(new Entry(eventId, frame));
    chars += frame.length();
    while (entries.size() > maxEvents || (chars > maxChars && !entries.isEmpty())) {
      Entry oldest = entries.poll();
      chars -= oldest.frame().length();
      evictedUpTo = oldest.eventId();
    }
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
