package io.parley.query.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.events.account.AccountRegisteredEvent;
import io.parley.events.account.AvatarChangedEvent;
import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.events.conversation.ConversationView;
import io.parley.events.conversation.DirectConversationOpenedEvent;
import io.parley.events.conversation.GroupCreatedEvent;
import io.parley.events.conversation.GroupPictureChangedEvent;
import io.parley.events.conversation.GroupUpdatedEvent;
import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.conversation.MemberBannedEvent;
import io.parley.events.conversation.MemberRemovedEvent;
import io.parley.events.conversation.MemberRole;
import io.parley.events.conversation.MemberRoleChangedEvent;
import io.parley.events.conversation.Visibility;
import io.parley.events.message.Attachment;
import io.parley.query.ProjectionTest;
import io.parley.query.PublishedEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

@ProjectionTest
class ConversationDirectoryProjectionTest {
  static final Instant T = Instant.parse("2026-11-23T08:00:00.123456Z");

  @Autowired PublishedEvents events;
  @Autowired JdbcTemplate jdbc;
  @Autowired Members members;
  @Autowired GroupSearch search;
  @Autowired Conversations conversations;
  @Autowired Bans bans;

  final UUID owner = UUID.randomUUID();
  final UUID ada = UUID.randomUUID();
  final UUID bob = UUID.randomUUID();

  List<Object> lifecycle(UUID c) {
    return List.of(
        new GroupCreatedEvent(c, owner, "Rust fans", "all things rust", Visibility.PUBLIC, T),
        new MemberAddedEvent(c, owner, owner, MemberRole.OWNER, T),
        new MemberAddedEvent(c, owner, ada, MemberRole.MEMBER, T.plusSeconds(1)),
        new MemberAddedEvent(c, owner, bob, MemberRole.MEMBER, T.plusSeconds(2)),
        new MemberRoleChangedEvent(c, owner, ada, MemberRole.ADMIN, T.plusSeconds(3)),
        new GroupUpdatedEvent(c, ada, "Rustaceans", "crabs", Visibility.PRIVATE, T.plusSeconds(4)),
        new MemberRemovedEvent(c, ada, bob, T.plusSeconds(5)),
        new MemberAddedEvent(c, ada, bob, MemberRole.MEMBER, T.plusSeconds(6)),
        new MemberRemovedEvent(c, bob, bob, T.plusSeconds(7)));
  }

  List<String> rows(UUID c) {
    List<String> rows = new ArrayList<>();
    rows.addAll(
        jdbc.queryForList(
            "SELECT concat_ws('|', kind, name, topic, visibility, member_count, created_at,"
                + " direct_user_a, direct_user_b) FROM directory_conversation"
                + " WHERE conversation_id = ?",
            String.class,
            c));
    rows.addAll(
        jdbc.queryForList(
            "SELECT concat_ws('|', user_id, role, role_rank, joined_at) FROM directory_membership"
                + " WHERE conversation_id = ? ORDER BY user_id",
            String.class,
            c));
    return rows;
  }

  @Test
  void aGroupsLifecycleEndsWithItsLatestSettingsMembersAndRoles() {
    UUID c = UUID.randomUUID();
    events.publish(lifecycle(c));

    assertThat(
            jdbc.queryForMap(
                "SELECT name, topic, visibility, member_count FROM directory_conversation"
                    + " WHERE conversation_id = ?",
                c))
        .containsEntry("name", "Rustaceans")
        .containsEntry("topic", "crabs")
        .containsEntry("visibility", "private")
        .containsEntry("member_count", 2);
    assertThat(members.page(c, 10, null).items())
        .extracting(Members.Member::userId, Members.Member::role)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(owner, "owner"),
            org.assertj.core.groups.Tuple.tuple(ada, "admin"));
  }

  /** The permission check of a history page agrees with the full view's rule (docs/adr/0033). */
  @Test
  void membersSeeTheirConversationsAnyoneAPublicGroupAndNobodyElseAnything() {
    UUID c = UUID.randomUUID();
    UUID stranger = UUID.randomUUID();
    events.publish(lifecycle(c)); // ends private, with the owner and ada; bob left

    for (UUID viewer : List.of(owner, ada, bob, stranger)) {
      assertThat(conversations.visible(c, viewer))
          .as("viewer %s", viewer)
          .isEqualTo(viewer.equals(owner) || viewer.equals(ada));
    }
    assertThatThrownBy(() -> conversations.requireVisible(c, bob))
        .isInstanceOf(DomainException.class)
        .extracting(e -> ((DomainException) e).code())
        .isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(conversations.visible(UUID.randomUUID(), owner)).as("no such id").isFalse();

    events.publish(
        List.of(
            new GroupUpdatedEvent(
                c, owner, "Rustaceans", "crabs", Visibility.PUBLIC, T.plusSeconds(8))));
    assertThat(conversations.visible(c, stranger)).as("a public group").isTrue();
    conversations.requireVisible(c, bob);
  }

  @Test
  void applyingEveryEventTwiceLeavesTheSameRowsAsApplyingItOnce() {
    UUID once = UUID.randomUUID();
    UUID twice = UUID.randomUUID();
    events.publish(lifecycle(once));
    List<Object> doubled = new ArrayList<>();
    lifecycle(twice).forEach(e -> doubled.addAll(List.of(e, e)));
    events.publish(doubled);

    assertThat(rows(twice)).isEqualTo(rows(once)).isNotEmpty();
  }

  @Test
  void redeliveringAWholeHistoryAgainChangesNothing() {
    UUID c = UUID.randomUUID();
    events.publish(lifecycle(c));
    List<String> before = rows(c);

    events.publish(lifecycle(c));

    assertThat(rows(c)).isEqualTo(before);
  }

  @Test
  void theGroupsPictureAndItsMembersAvatarsShowInEveryConversationResponse() {
    UUID c = UUID.randomUUID();
    UUID picture = UUID.randomUUID();
    UUID avatar = UUID.randomUUID();
    String suffix = c.toString().substring(0, 8);
    events.publish(
        new AccountRegisteredEvent(ada, "ada" + suffix, "Ada", T),
        new AvatarChangedEvent(ada, image(avatar), T),
        new GroupCreatedEvent(c, owner, "Pictured " + suffix, "", Visibility.PUBLIC, T),
        new MemberAddedEvent(c, owner, owner, MemberRole.OWNER, T),
        new MemberAddedEvent(c, owner, ada, MemberRole.MEMBER, T),
        new GroupPictureChangedEvent(c, owner, image(picture), T.plusSeconds(1)),
        new MemberBannedEvent(c, owner, ada, T.plusSeconds(2)));

    assertThat(conversations.require(c, bob).conversation().pictureId()).isEqualTo(picture);
    assertThat(search.search("Pictured " + suffix, 10, null).items())
        .extracting(ConversationView::pictureId)
        .containsExactly(picture);
    assertThat(members.page(c, 10, null).items())
        .extracting(Members.Member::avatarId)
        .containsExactly(null, avatar);
    assertThat(bans.page(c, 10, null).items())
        .extracting(Bans.Ban::avatarId)
        .containsExactly(avatar);

    events.publish(new GroupPictureChangedEvent(c, owner, null, T.plusSeconds(3)));
    assertThat(conversations.require(c, bob).conversation().pictureId()).isNull();
  }

  private static Attachment image(UUID id) {
    return new Attachment(id, "p.png", "image/png", 10, "ab".repeat(32), 8, 8, true);
  }

  @Test
  void aDirectConversationIsPrivateWithoutNameAndHoldsBothUsers() {
    UUID c = UUID.randomUUID();
    events.publish(
        new DirectConversationOpenedEvent(c, ada, bob, T),
        new MemberAddedEvent(c, ada, ada, MemberRole.MEMBER, T),
        new MemberAddedEvent(c, ada, bob, MemberRole.MEMBER, T));

    assertThat(rows(c).get(0))
        .isEqualTo(
            "direct|private|2|"
                + jdbc.queryForObject("SELECT ?::timestamptz::text", String.class, T.toString())
                + "|"
                + ada
                + "|"
                + bob);
    assertThat(members.page(c, 10, null).items()).hasSize(2);
  }

  @Test
  void memberPagesFollowEachOtherWithoutGapOrOverlap() {
    UUID c = UUID.randomUUID();
    List<Object> history = new ArrayList<>();
    history.add(new GroupCreatedEvent(c, owner, "Big", "", Visibility.PUBLIC, T));
    history.add(new MemberAddedEvent(c, owner, owner, MemberRole.OWNER, T));
    List<UUID> expected = new ArrayList<>(List.of(owner));
    for (int i = 0; i < 25; i++) {
      UUID user = UUID.randomUUID();
      expected.add(user);
      history.add(new MemberAddedEvent(c, owner, user, MemberRole.MEMBER, T.plusSeconds(i)));
    }
    events.publish(history);

    List<UUID> seen = new ArrayList<>();
    Object[] after = null;
    do {
      Members.Page page = members.page(c, 7, after);
      page.items().forEach(m -> seen.add(m.userId()));
      after = page.nextCursor() == null ? null : Members.parseCursor(page.nextCursor());
    } while (after != null);

    assertThat(seen).containsExactlyElementsOf(expected);
  }

  @Test
  void searchFindsPublicGroupsByNameAndTopicButNeverPrivateOnes() {
    String word = "zq" + UUID.randomUUID().toString().substring(0, 6);
    UUID exact = UUID.randomUUID();
    UUID prefix = UUID.randomUUID();
    UUID topic = UUID.randomUUID();
    UUID hidden = UUID.randomUUID();
    UUID madePrivate = UUID.randomUUID();
    events.publish(
        new GroupCreatedEvent(exact, owner, word, "", Visibility.PUBLIC, T),
        new GroupCreatedEvent(prefix, owner, word + " lounge", "", Visibility.PUBLIC, T),
        new GroupCreatedEvent(topic, owner, "Elsewhere", "about " + word, Visibility.PUBLIC, T),
        new GroupCreatedEvent(hidden, owner, word + " secret", "", Visibility.PRIVATE, T),
        new GroupCreatedEvent(madePrivate, owner, word + " was open", "", Visibility.PUBLIC, T),
        new GroupUpdatedEvent(madePrivate, owner, word + " was open", "", Visibility.PRIVATE, T));

    GroupSearch.Page first = search.search(word.toUpperCase(), 2, null);
    GroupSearch.Page second =
        search.search(word.toUpperCase(), 2, GroupSearch.parseCursor(first.nextCursor()));

    assertThat(first.items()).extracting("conversationId").containsExactly(exact, prefix);
    assertThat(second.items()).extracting("conversationId").containsExactly(topic);
    assertThat(second.nextCursor()).isNull();
  }
}
