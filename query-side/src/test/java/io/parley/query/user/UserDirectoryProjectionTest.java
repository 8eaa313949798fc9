package io.parley.query.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.events.account.AccountDeletedEvent;
import io.parley.events.account.AccountRegisteredEvent;
import io.parley.events.account.AvatarChangedEvent;
import io.parley.events.account.DisplayNameChangedEvent;
import io.parley.events.account.UserPresenceChangedEvent;
import io.parley.events.account.UserView;
import io.parley.events.message.Attachment;
import io.parley.query.ProjectionTest;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The users directory projection against the real Postgres, fed events directly. */
@ProjectionTest
class UserDirectoryProjectionTest {
  private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
  private static final Instant T1 = Instant.parse("2026-11-23T09:00:00Z");
  private static final Instant T2 = Instant.parse("2026-11-23T10:00:00Z");

  @Autowired UserDirectoryProjection projection;
  @Autowired Users users;
  @Autowired JdbcTemplate jdbc;
  @Autowired UserSearch search;

  private UUID registered(String username, String displayName) {
    UUID userId = UUID.randomUUID();
    projection.on(new AccountRegisteredEvent(userId, username, displayName, T0));
    return userId;
  }

  private Map<String, Object> row(UUID userId) {
    return jdbc.queryForMap("SELECT * FROM directory_user WHERE user_id = ?", userId);
  }

  @Test
  void aRegisteredAccountAppearsOnceEvenWhenTheEventArrivesTwice() {
    UUID userId = UUID.randomUUID();
    AccountRegisteredEvent event = new AccountRegisteredEvent(userId, "Twice", "Two Times", T0);
    projection.on(event);
    Map<String, Object> first = row(userId);
    projection.on(event);

    assertThat(row(userId)).isEqualTo(first);
    assertThat(users.find(userId)).contains(new UserView(userId, "Twice", "Two Times", T0));
  }

  @Test
  void theLatestAvatarChangeIsTheUsersAvatarAndAClearRemovesIt() {
    UUID userId = registered("pictured" + suffix(), "Pictured");
    UUID first = UUID.randomUUID();
    UUID second = UUID.randomUUID();
    projection.on(new AvatarChangedEvent(userId, image(first), T1));
    assertThat(users.find(userId).orElseThrow().avatarId()).isEqualTo(first);
    assertThat(users.profile(userId).orElseThrow().user().avatarId()).isEqualTo(first);

    projection.on(new AvatarChangedEvent(userId, image(second), T2));
    assertThat(users.find(userId).orElseThrow().avatarId()).isEqualTo(second);
    projection.on(new AvatarChangedEvent(userId, null, T2.plusSeconds(1)));
    assertThat(users.find(userId).orElseThrow().avatarId()).isNull();
  }

  private static Attachment image(UUID id) {
    return new Attachment(id, "me.png", "image/png", 10, "ab".repeat(32), 8, 8, true);
  }

  @Test
  void aDisplayNameChangeShowsTheNewNameAndApplyingItTwiceChangesNothing() {
    UUID userId = registered("renamer" + suffix(), "Old Name");
    DisplayNameChangedEvent change = new DisplayNameChangedEvent(userId, "New Name", T1);
    projection.on(change);
    Map<String, Object> once = row(userId);
    projection.on(change);

    assertThat(row(userId)).isEqualTo(once);
    assertThat(users.find(userId).orElseThrow().displayName()).isEqualTo("New Name");
  }

  @Test
  void anOlderDisplayNameChangeDeliveredLateDoesNotOverwriteANewerOne() {
    UUID userId = registered("late" + suffix(), "First");
    projection.on(new DisplayNameChangedEvent(userId, "Newest", T2));
    projection.on(new DisplayNameChangedEvent(userId, "Older", T1));

    assertThat(users.find(userId).orElseThrow().displayName()).isEqualTo("Newest");
  }

  @Test
  void aUserNeverSeenIsOfflineWithNoLastSeenTime() {
    UUID userId = registered("unseen" + suffix(), "Unseen");

    Users.Profile profile = users.profile(userId).orElseThrow();
    assertThat(profile.presence()).isEqualTo(new Users.Presence("offline", null));
  }

  @Test
  void presenceFollowsTheNewestReportAndIgnoresRepeatsAndStaleOnes() {
    UUID userId = registered("present" + suffix(), "Present");
    projection.on(new UserPresenceChangedEvent(userId, true, T1));
    assertThat(users.profile(userId).orElseThrow().presence())
        .isEqualTo(new Users.Presence("online", T1));

    UserPresenceChangedEvent offline = new UserPresenceChangedEvent(userId, false, T2);
    projection.on(offline);
    projection.on(offline);
    projection.on(new UserPresenceChangedEvent(userId, true, T1));

    assertThat(users.profile(userId).orElseThrow().presence())
        .isEqualTo(new Users.Presence("offline", T2));
  }

  @Test
  void anUnknownUserHasNoProfile() {
    assertThat(users.profile(UUID.randomUUID())).isEmpty();
  }

  private static String suffix() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void aDeletedAccountIsShownAsADeletedUserLeavesSearchAndNoLaterRenameBringsItBack() {
    String username = "gone" + suffix();
    UUID userId = registered(username, "Soon Gone");
    projection.on(new AvatarChangedEvent(userId, image(UUID.randomUUID()), T1));
    assertThat(search.search(username, 10, Optional.empty()).items())
        .extracting(UserView::userId)
        .contains(userId);

    AccountDeletedEvent deleted = new AccountDeletedEvent(userId, T2);
    projection.on(deleted);
    Map<String, Object> once = row(userId);
    projection.on(deleted);
    projection.on(new DisplayNameChangedEvent(userId, "Back Again", T2.plusSeconds(1)));

    assertThat(row(userId)).isEqualTo(once);
    UserView view = users.find(userId).orElseThrow();
    assertThat(view.displayName()).isEqualTo("Deleted user");
    assertThat(view.username()).isEqualTo(username);
    assertThat(view.avatarId()).isNull();
    assertThat(search.search(username, 10, Optional.empty()).items())
        .extracting(UserView::userId)
        .doesNotContain(userId);
    assertThat(search.search("", 200, Optional.empty()).items())
        .extracting(UserView::userId)
        .doesNotContain(userId);
  }
}
