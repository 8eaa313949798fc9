package io.parley.query.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.parley.events.message.MessageView;
import io.parley.query.conversation.Limits;
import io.parley.support.auth.AuthenticatedUser;
import io.parley.support.web.CurrentUser;
import io.parley.support.web.Validator;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * History by seq. Members read their conversations; anyone signed in may read a public group
 * (docs/adr/0033); everyone else gets 404. A read passes the read barrier ({@link HistoryReads}):
 * it sees every message the conversation had when the request arrived, so every message a push
 * announced.
 */
@RestController
class MessageQueryController {
  /**
   * {@code nextCursor} continues in the direction read: older for {@code before} (and for {@code
   * around}), newer for {@code after}. {@code newerCursor} is set on an {@code around} read only:
   * the {@code after} value for the messages following the page (null when it reaches the newest).
   */
  record MessagePage(
      List<MessageView> items,
      String nextCursor,
      @JsonInclude(JsonInclude.Include.NON_NULL) String newerCursor) {
    MessagePage(List<MessageView> items, String nextCursor) {
      this(items, nextCursor, null);
    }
  }

  private final Timeline timeline;
  private final HistoryReads reads;

  MessageQueryController(Timeline timeline, HistoryReads reads) {
    this.timeline = timeline;
    this.reads = reads;
  }

  @GetMapping("/api/conversations/{conversationId}/messages")
  MessagePage history(
      @CurrentUser AuthenticatedUser user,
      @PathVariable String conversationId,
      @RequestParam(required = false) String before,
      @RequestParam(required = false) String after,
      @RequestParam(required = false) String around,
      @RequestParam(defaultValue = "50") String limit) {
    Validator v = new Validator();
    UUID id = v.uuid(conversationId, "conversationId");
    int size = Limits.parse(v, limit);
    Long beforeSeq = seq(v, before, "before", 1);
    Long afterSeq = seq(v, after, "after", 0);
    Long aroundSeq = seq(v, around, "around", 1);
    v.require(before == null || after == null, "before", "cannot be combined with after");
    v.require(
        around == null || (before == null && after == null),
        "around",
        "cannot be combined with before or after");
    v.throwIfInvalid();
    reads.check(id, user.userId());
    if (aroundSeq != null) {
      return around(id, aroundSeq, size);
    }
    Timeline.Page page =
        afterSeq != null
            ? timeline.after(id, afterSeq, size)
            : timeline.before(id, beforeSeq, size);
    return new MessagePage(
        page.items(), page.nextCursor() == null ? null : page.nextCursor().toString());
  }

  /**
   * A page centred on {@code seq} (docs/adr/0151): up to half the limit (rounded up) at or below
   * it, the rest after it, ascending; where fewer follow it (near the newest), more precede it. A
   * seq past the newest reads like the newest page.
   */
  private MessagePage around(UUID id, long seq, int size) {
    Timeline.Page older = timeline.before(id, seq + 1, (size + 1) / 2);
    long from = older.items().isEmpty() ? seq : older.items().get(older.items().size() - 1).seq();
    List<MessageView> items = new java.util.ArrayList<>(older.items());
    String newer = null;
    int rest = size - items.size();
    if (rest > 0) {
      Timeline.Page following = timeline.after(id, from, rest);
      items.addAll(following.items());
      newer = following.nextCursor() == null ? null : following.nextCursor().toString();
    } else if (from < timeline.lastSeq(id)) {
      newer = Long.toString(from);
    }
    Long olderCursor = older.nextCursor();
    if (items.size() < size && olderCursor != null) {
      // Near the newest there is less after the seq: the page is topped up with older messages.
      Timeline.Page more = timeline.before(id, olderCursor, size - items.size());
      items.addAll(0, more.items());
      olderCursor = more.nextCursor();
    }
    return new MessagePage(items, olderCursor == null ? null : olderCursor.toString(), newer);
  }

  private static Long seq(Validator v, String value, String field, long min) {
    if (value == null) {
      return null;
    }
    try {
      long seq = Long.parseLong(value.strip());
      v.require(seq >= min, field, "must be a seq of " + min + " or more");
      return seq;
    } catch (NumberFormatException e) {
      v.require(false, field, "must be a seq number");
      return null;
    }
  }
}
