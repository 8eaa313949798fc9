package io.parley.push.routing;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Who a read marker's step concerns (docs/adr/0222): the reader (their other devices clear their
 * unread counts) and the senders of the messages it covers ("Read by N" under their own messages).
 * Per conversation this process remembers, from its live stream, the senders of the last {@value
 * #RECENT} messages and each reader's marker as it saw it move. When a step may cover messages it
 * does not remember (older than that window, not seen live, or a reader whose marker it has not
 * seen move since it started), it answers {@code null}: every member is told, as before.
 */
@Component
class ReadAudience {
  static final int RECENT = 64;

  /** Above this many conversations the memory is dropped; their next steps go to everyone. */
  static final int MAX_CONVERSATIONS = 20_000;

  private final Map<UUID, Recent> conversations = new ConcurrentHashMap<>();

  /** The live stream pushed message {@code seq} of {@code senderId}; in log order. */
  void sent(UUID conversationId, long seq, UUID senderId) {
    Recent recent = conversations.get(conversationId);
    if (recent == null) {
      if (conversations.size() >= MAX_CONVERSATIONS) {
        conversations.clear();
      }
      recent = conversations.computeIfAbsent(conversationId, id -> new Recent(seq));
    }
    recent.sent(seq, senderId);
  }

  /**
   * Records the reader's marker at {@code seq}; returns the reader and the senders of messages
   * between their previous marker and {@code seq}, or {@code null} when every member must be told.
   */
  Set<UUID> read(UUID conversationId, UUID readerId, long seq) {
    Recent recent = conversations.get(conversationId);
    return recent == null ? null : recent.read(readerId, seq);
  }

  private static final class Recent {
    private final long[] seqs = new long[RECENT];
    private final UUID[] senders = new UUID[RECENT];
    private int next;

    /** Every message above this seq that this process saw live is in the window. */
    private long forgottenUpTo;

    private long last;
    private final Map<UUID, Long> markers = new HashMap<>();

    Recent(long firstSeen) {
      this.forgottenUpTo = firstSeen - 1;
    }

    synchronized void sent(long seq, UUID senderId) {
      if (senders[next] != null) {
        forgottenUpTo = Math.max(forgottenUpTo, seqs[next]);
      }
      seqs[next] = seq;
      senders[next] = senderId;
      next = (next + 1) % RECENT;
      last = Math.max(last, seq);
    }

    synchronized Set<UUID> read(UUID readerId, long seq) {
      Long previous = markers.get(readerId);
      if (previous == null || seq > previous) {
        markers.put(readerId, seq);
      }
      if (previous == null || previous < forgottenUpTo || seq > last) {
        return null;
      }
      Set<UUID> concerned = new HashSet<>();
      concerned.add(readerId);
      for (int i = 0; i < RECENT; i++) {
        if (senders[i] != null && seqs[i] > previous && seqs[i] <= seq) {
          concerned.add(senders[i]);
        }
      }
      return concerned;
    }
  }
}
