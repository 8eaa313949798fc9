package io.parley.query.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.events.account.AccountRegisteredEvent;
import io.parley.events.account.UserView;
import io.parley.query.ProjectionTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Search over the real Postgres directory with pg_trgm: ranking, fuzziness and cursor paging. */
@ProjectionTest
class UserSearchTest {
  private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");

  @Autowired UserDirectoryProjection projection;
  @Autowired UserSearch search;

  private final String tag = "s" + UUID.randomUUID().toString().substring(0, 6);

  private UUID user(String username, String displayName) {
    UUID userId = UUID.randomUUID();
    projection.on(new AccountRegisteredEvent(userId, username, displayName, T0));
    return userId;
  }

  private List<String> usernames(String query, int limit) {
    return search.search(query, limit, Optional.empty()).items().stream()
        .map(UserView::username)
        .toList();
  }

  @Test
  void anExactUsernameComesFirstThenUsernamePrefixesThenDisplayNamePrefixes() {
    user(tag + "_zed", "Zed");
    user(tag, "Exact");
    user("other" + tag.substring(1), "Mr " + tag.toUpperCase());

    List<String> found = usernames(tag, 10);
    assertThat(found).startsWith(tag, tag + "_zed");
    assertThat(found).contains("other" + tag.substring(1));
  }

  @Test
  void matchingIgnoresCase() {
    user(tag + "CasE", "Someone");

    assertThat(usernames(tag.toUpperCase() + "case", 10)).containsExactly(tag + "CasE");
  }

  @Test
  void aMisspelledUsernameStillFindsTheUserByTrigramSimilarity() {
    user(tag + "bartholomew", "Bart");

    assertThat(usernames(tag + "bartholomeu", 10)).contains(tag + "bartholomew");
  }

  @Test
  void likeWildcardsInTheQueryAreEscapedSoTheyMatchThemselves() {
    assertThat(UserSearch.escapeLike("a_b%c\\d")).isEqualTo("a\\_b\\%c\\\\d");
  }

  @Test
  void aQueryFullOfPatternCharactersIsSearchedNotRefused() {
    user(tag + "_pct", "100% sure");

    assertThat(usernames("100% ", 10)).contains(tag + "_pct");
    assertThat(usernames("\\%_'\"", 10)).isNotNull();
  }

  @Test
  void cursorPagesVisitEveryMatchOnceInOrder() {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      String name = tag + "page" + i;
      user(name, "Pager " + i);
      expected.add(name);
    }

    List<String> seen = new ArrayList<>();
    Optional<UserSearch.Cursor> after = Optional.empty();
    int pages = 0;
    do {
      UserSearch.Page page = search.search(tag + "page", 3, after);
      page.items().forEach(u -> seen.add(u.username()));
      after = Optional.ofNullable(page.nextCursor()).flatMap(UserSearch.Cursor::decode);
      pages++;
    } while (after.isPresent() && pages < 10);

    assertThat(pages).isEqualTo(3);
    assertThat(seen).containsExactlyElementsOf(expected);
  }

  @Test
  void aFullLastPageHasNoNextCursorOnlyWhenNothingFollows() {
    user(tag + "one", "One");
    user(tag + "two", "Two");

    assertThat(search.search(tag, 2, Optional.empty()).nextCursor()).isNull();
    assertThat(search.search(tag, 1, Optional.empty()).nextCursor()).isNotNull();
  }

  @Test
  void anEmptyQueryListsEveryoneByUsername() {
    user(tag + "aaa", "A");

    UserSearch.Page page = search.search("", 200, Optional.empty());
    List<String> names = page.items().stream().map(UserView::username).toList();
    assertThat(names).isNotEmpty();
    assertThat(names).isSortedAccordingTo((a, b) -> a.toLowerCase().compareTo(b.toLowerCase()));
  }
}
