package io.parley.query.conversation;

import io.parley.support.web.Validator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Finding public groups to join. Private groups and direct conversations are never listed. */
@RestController
class GroupSearchController {
  static final int MAX_QUERY = 100;

  private final GroupSearch search;

  GroupSearchController(GroupSearch search) {
    this.search = search;
  }

  @GetMapping("/api/groups")
  GroupSearch.Page search(
      @RequestParam(defaultValue = "") String query,
      @RequestParam(defaultValue = "50") String limit,
      @RequestParam(required = false) String cursor) {
    Validator v = new Validator();
    int size = Limits.parse(v, limit);
    v.text(query, "query", 0, MAX_QUERY);
    v.require(
        query.codePoints().noneMatch(Character::isISOControl),
        "query",
        "must not hold control" + " characters");
    v.throwIfInvalid();
    return search.search(query, size, GroupSearch.parseCursor(cursor));
  }
}
