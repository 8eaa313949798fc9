package io.parley.query.message;

import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.events.message.MessageView;
import io.parley.query.conversation.Memberships;
import io.parley.support.auth.AuthenticatedUser;
import io.parley.support.web.CurrentUser;
import io.parley.support.web.Validator;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class MessageQueryController {
  record MessagePage(List<MessageView> items, String nextCursor) {}

  private final Timeline timeline;
  private final Memberships memberships;

  MessageQueryController(Timeline timeline, Memberships memberships) {
    this.timeline = timeline;
    this.memberships = memberships;
  }

  @GetMapping("/api/conversations/{conversationId}/messages")
  MessagePage history(
      @CurrentUser AuthenticatedUser user,
      @PathVariable UUID conversationId,
      @RequestParam(required = false) Long before,
      @RequestParam(required = false) Long after,
      @RequestParam(defaultValue = "50") int limit) {
    Validator v = new Validator();
    v.require(limit >= 1 && limit <= 200, "limit", "must be 1 to 200");
    v.require(before == null || after == null, "before", "cannot be combined with after");
    v.require(before == null || before >= 1, "before", "must be a seq of 1 or more");
    v.require(after == null || after >= 0, "after", "must be a seq of 0 or more");
    v.throwIfInvalid();
    if (memberships.roleOf(conversationId, user.userId()).isEmpty()) {
      throw new DomainException(ErrorCode.NOT_FOUND, "No such conversation.");
    }
    Timeline.Page page =
        after != null
            ? timeline.after(conversationId, after, limit)
            : timeline.before(conversationId, before, limit);
    return new MessagePage(
        page.items(), page.nextCursor() == null ? null : page.nextCursor().toString());
  }
}
