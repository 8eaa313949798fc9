package io.parley.query.conversation;

import io.parley.events.conversation.ConversationView;
import io.parley.support.auth.AuthenticatedUser;
import io.parley.support.web.CurrentUser;
import io.parley.support.web.Validator;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ConversationQueryController {
  static final int FIRST_MEMBERS_PAGE = 50;

  @Schema(name = "ConversationDetails")
  record Details(
      ConversationView conversation,
      Members.Page members,
      String myRole,
      Long readSeq,
      @Schema(
              allowableValues = {"all", "mentions", "muted"},
              description = "Mine; null when I am not a member")
          String notificationLevel,
      @Schema(description = "Every current member's read marker past 0 (docs/adr/0164)")
          List<Receipts.Marker> readMarkers,
      @Schema(description = "Every current member's delivered marker past 0 (docs/adr/0164)")
          List<Receipts.Marker> deliveredMarkers) {}

  private final Conversations conversations;
  private final Members members;
  private final MyNotificationLevel levels;
  private final Receipts receipts;

  ConversationQueryController(
      Conversations conversations, Members members, MyNotificationLevel levels, Receipts receipts) {
    this.conversations = conversations;
    this.members = members;
    this.levels = levels;
    this.receipts = receipts;
  }

  @GetMapping("/api/conversations/{conversationId}")
  Details details(@CurrentUser AuthenticatedUser user, @PathVariable String conversationId) {
    Validator v = new Validator();
    UUID id = v.uuid(conversationId, "conversationId");
    v.throwIfInvalid();
    Conversations.Seen seen = conversations.require(id, user.userId());
    Receipts.Markers markers = receipts.of(id);
    return new Details(
        seen.conversation(),
        members.page(id, FIRST_MEMBERS_PAGE, null),
        seen.myRole(),
        seen.readSeq(),
        seen.myRole() == null ? null : levels.of(id, user.userId()),
        markers.read(),
        markers.delivered());
  }

  @GetMapping("/api/conversations/{conversationId}/members")
  Members.Page members(
      @CurrentUser AuthenticatedUser user,
      @PathVariable String conversationId,
      @RequestParam(defaultValue = "50") String limit,
      @RequestParam(required = false) String cursor) {
    Validator v = new Validator();
    UUID id = v.uuid(conversationId, "conversationId");
    int size = Limits.parse(v, limit);
    v.throwIfInvalid();
    Object[] after = Members.parseCursor(cursor);
    conversations.requireVisible(id, user.userId());
    return members.page(id, size, after);
  }
}
