package io.parley.push.receipts;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Which members a delivery step concerns (docs/adr/0222): the authors of messages the step shows
 * delivered for the first time. A browser acks every message it receives, so telling every other
 * member of every step cost a group of n members about n² frames per message; the only reader of a
 * delivered marker is the sender of the messages it covers ("delivered" under their own message).
 *
 * <p>Per conversation this process remembers, from the live stream, each author whose newest
 * messages no step has covered yet: the first such seq and their newest. A step of member {@code u}
 * from {@code prev} to {@code seq} goes to every other author with an uncovered message at or below
 * {@code seq}; their uncovered range then starts after {@code seq}. When the step may cover
 * messages this process has not seen live (before its first seen message, past its last, or a step
 * whose {@code prev} is unknown), it answers {@code null}: the caller then tells every other
 * member, as before this rule. Telling someone a step they did not need is harmless (markers only
 * move forward); the rule never leaves out an author of a message the step covers.
 */
@Component
public class PendingReceipts {
  /** Above this many conversations the memory is dropped; their next steps go to everyone. */
  static final int MAX_CONVERSATIONS = 100_000;

  private final Map<UUID, Conversation> conversations = new ConcurrentHashMap<>();

  /**
   * The live stream pushed message {@code seq} of {@code senderId}; in log order per conversation.
   */
  public void sent(UUID conversationId, long seq, UUID senderId) {
    Conversation conversation = conversations.get(conversationId);
    if (conversation == null) {
      if (conversations.size() >= MAX_CONVERSATIONS) {
        conversations.clear();
      }
      conversation = conversations.computeIfAbsent(conversationId, id -> new Conversation(seq));
    }
    conversation.sent(seq, senderId);
  }

  /**
   * The members other than {@code userId} whose messages the step from {@code prev} to {@code seq}
   * shows delivered first, or {@code null} when every other member must be told ({@code prev} is
   * negative when unknown).
   */
  Set<UUID> concerned(UUID conversationId, UUID userId, long prev, long seq) {
    Conversation conversation = conversations.get(conversationId);
    return conversation == null ? null : conversation.step(userId, prev, seq);
  }

  private static final class Conversation {
    /** The first seq this process saw live: it knows nothing of earlier messages. */
    private final long since;

    private long last;

    /** Author → {first seq no step has covered, their newest seq}. */
    private final Map<UUID, long[]> uncovered = new HashMap<>();

    Conversation(long since) {
      this.since = since;
    }

    synchronized void sent(long seq, UUID senderId) {
      last = Math.max(last, seq);
      long[] range = uncovered.get(senderId);
      if (range == null) {
        uncovered.put(senderId, new long[] {seq, seq});
      } else {
        range[1] = Math.max(range[1], seq);
      }
    }

    synchronized Set<UUID> step(UUID userId, long prev, long seq) {
      boolean complete = prev >= 0 && prev + 1 >= since && seq <= last;
      Set<UUID> concerned = new HashSet<>();
      for (Iterator<Map.Entry<UUID, long[]>> it = uncovered.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<UUID, long[]> entry = it.next();
        long[] range = entry.getValue();
        if (entry.getKey().equals(userId) || range[0] > seq) {
          continue;
        }
        concerned.add(entry.getKey());
        if (range[1] > seq) {
          range[0] = seq + 1;
        } else {
          it.remove();
        }
      }
      return complete ? concerned : null;
    }
  }
}
