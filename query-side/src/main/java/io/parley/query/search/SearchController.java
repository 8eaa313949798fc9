package io.parley.query.search;

import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.query.conversation.Limits;
import io.parley.support.auth.AuthenticatedUser;
import io.parley.support.web.CurrentUser;
import io.parley.support.web.Validator;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Full-text message search (docs/adr/0150): across every conversation the caller is a member of, or
 * within one of them. Newest first, cursor-paged, with the matching ranges of each body.
 */
@RestController
class SearchController {
  static final int MAX_QUERY = 200;

  private final MessageSearch search;

  SearchController(MessageSearch search) {
    this.search = search;
  }

  @GetMapping("/api/search/messages")
  MessageSearch.Page messages(
      @CurrentUser AuthenticatedUser user,
      @RequestParam(required = false) String query,
      @RequestParam(required = false) String conversationId,
      @RequestParam(defaultValue = "20") String limit,
      @RequestParam(required = false) String cursor) {
    Validator v = new Validator();
    int size = Limits.parse(v, limit);
    String text = query == null ? null : query.strip();
    boolean wellFormed = v.text(text, "query", 1, MAX_QUERY);
    if (wellFormed) {
      v.require(
          text.codePoints().noneMatch(Character::isISOControl),
          "query",
          "must not hold control characters");
    }
    UUID conversation = conversationId == null ? null : v.uuid(conversationId, "conversationId");
    v.throwIfInvalid();
    MessageSearch.After after = MessageSearch.parseCursor(cursor);
    SearchQuery words = search.parse(text);
    if (words.words().isEmpty()) {
      new Validator().require(false, "query", "must hold at least one word").throwIfInvalid();
    }
    if (conversation != null && !search.member(conversation, user.userId())) {
      throw new DomainException(ErrorCode.NOT_FOUND, "No such conversation.");
    }
    if (conversation != null && search.encrypted(conversation)) {
      // Nothing of it is indexed: the server cannot read it (docs/adr/0185).
      new Validator()
          .require(
              false,
              "conversationId",
              "is an end-to-end encrypted conversation: the server cannot search it")
          .throwIfInvalid();
    }
    return search.search(user.userId(), words, conversation, size, after);
  }
}
