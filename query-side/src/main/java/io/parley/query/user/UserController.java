package io.parley.query.user;

import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.query.consistency.ReadBarrier;
import io.parley.support.web.Validator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The users directory: one user with presence, and search. Any signed-in user may read it. */
@RestController
class UserController {
  private static final int DEFAULT_LIMIT = 50;
  private static final int MAX_LIMIT = 200;
  private static final int MAX_QUERY = 64;

  private final Users users;
  private final UserSearch search;
  private final ReadBarrier barrier;

  UserController(Users users, UserSearch search, ReadBarrier barrier) {
    this.users = users;
    this.search = search;
    this.barrier = barrier;
  }

  @GetMapping("/api/users/{userId}")
  Users.Profile user(@PathVariable("userId") UUID userId) {
    // An account registered a moment ago may not be in the directory yet (ADR 0110): only a miss
    // waits for the user directory, so a known user costs no more than the lookup.
    return users
        .profile(userId)
        .or(
            () -> {
              barrier.awaitAccount(userId);
              return users.profile(userId);
            })
        .orElseThrow(() -> new DomainException(ErrorCode.NOT_FOUND, "No such user."));
  }

  @GetMapping("/api/users")
  UserSearch.Page search(
      @RequestParam(name = "query", required = false) String query,
      @RequestParam(name = "limit", required = false) String limitText,
      @RequestParam(name = "cursor", required = false) String cursor) {
    Validator v = new Validator();
    if (query != null) {
      v.text(query, "query", 0, MAX_QUERY);
    }
    Integer limit = parseLimit(limitText);
    v.require(
        limitText == null || (limit != null && limit >= 1 && limit <= MAX_LIMIT),
        "limit",
        "must be a whole number from 1 to " + MAX_LIMIT);
    Optional<UserSearch.Cursor> after = Optional.empty();
    if (cursor != null && !cursor.isEmpty()) {
      after =
          UserSearch.Cursor.decode(cursor)
              .filter(c -> c.queryHash() == UserSearch.queryHash(query));
      v.require(after.isPresent(), "cursor", "is not a cursor of this query");
    }
    v.throwIfInvalid();
    UserSearch.Page page = search.search(query, limitText == null ? DEFAULT_LIMIT : limit, after);
    return new UserSearch.Page(List.copyOf(page.items()), page.nextCursor());
  }

  private static Integer parseLimit(String text) {
    if (text == null || text.length() > 9) {
      return null;
    }
    try {
      return Integer.valueOf(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
