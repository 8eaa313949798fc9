package io.parley.query.inbox;

import io.parley.events.message.MessageView;
import io.parley.query.conversation.Limits;
import io.parley.query.message.Reactions;
import io.parley.support.auth.AuthenticatedUser;
import io.parley.support.web.CurrentUser;
import io.parley.support.web.Validator;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class InboxController {
  private final Inbox inbox;
  private final Reactions reactions;

  InboxController(Inbox inbox, Reactions reactions) {
    this.inbox = inbox;
    this.reactions = reactions;
  }

  @GetMapping("/api/conversations")
  Inbox.Page inbox(
      @CurrentUser AuthenticatedUser user,
      @RequestParam(defaultValue = "50") String limit,
      @RequestParam(required = false) String cursor) {
    Validator v = new Validator();
    int size = Limits.parse(v, limit);
    v.throwIfInvalid();
    Inbox.Page page = inbox.page(user.userId(), size, Inbox.parseCursor(cursor));
    return new Inbox.Page(withReactions(page.items()), page.nextCursor());
  }

  /** Reaction counts live with the timeline in the CQL store; read them for this page only. */
  private List<Inbox.Item> withReactions(List<Inbox.Item> items) {
    List<Reactions.Key> keys =
        items.stream()
            .filter(item -> item.lastMessage() != null && !item.lastMessage().deleted())
            .map(item -> new Reactions.Key(item.conversationId(), item.lastSeq()))
            .toList();
    Map<Reactions.Key, Map<String, Integer>> counts = reactions.of(keys);
    return items.stream()
        .map(
            item -> {
              Map<String, Integer> c =
                  counts.get(new Reactions.Key(item.conversationId(), item.lastSeq()));
              return c == null ? item : with(item, c);
            })
        .toList();
  }

  private static Inbox.Item with(Inbox.Item item, Map<String, Integer> counts) {
    MessageView m = item.lastMessage();
    return new Inbox.Item(
        item.conversationId(),
        item.kind(),
        item.name(),
        item.topic(),
        item.visibility(),
        item.memberCount(),
        item.createdAt(),
        item.lastSeq(),
        item.pictureId(),
        item.encrypted(),
        item.lastActivityAt(),
        m.withReactions(counts),
        item.readSeq(),
        item.unreadCount(),
        item.peer(),
        item.notificationLevel(),
        item.mentionCount());
  }
}
