package io.parley.query.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.events.conversation.GroupCreatedEvent;
import io.parley.events.conversation.GroupDeletedEvent;
import io.parley.events.conversation.GroupPictureChangedEvent;
import io.parley.events.conversation.GroupUpdatedEvent;
import io.parley.events.conversation.InviteCreatedEvent;
import io.parley.events.conversation.InviteRevokedEvent;
import io.parley.events.conversation.InviteUsedEvent;
import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.conversation.MemberRemovedEvent;
import io.parley.events.conversation.MemberRole;
import io.parley.events.conversation.MemberRoleChangedEvent;
import io.parley.events.conversation.Visibility;
import io.parley.events.message.MessageSentEvent;
import io.parley.query.ProjectionTest;
import io.parley.query.PublishedEvents;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Group activity (docs/adr/0160) and deleted groups (docs/adr/0161) in the real Postgres read
 * models: entries anchored after the last message seq in event order, also inside one batch.
 */
@ProjectionTest
class GroupActivityProjectionTest {
  static final Instant T = Instant.parse("2026-11-23T08:00:00Z");
  static final String CODE = "CCCCCCCCCCCCCCCCCCCCCCCC";

  @Autowired PublishedEvents events;
  @Autowired JdbcTemplate jdbc;

  final UUID alice = UUID.randomUUID();
  final UUID bob = UUID.randomUUID();
  final UUID carol = UUID.randomUUID();

  static MessageSentEvent sent(UUID c, long seq, UUID sender, Instant at) {
    return new MessageSentEvent(
        c, seq, 5000 + seq, sender, UUID.randomUUID(), "message " + seq, null, at);
  }

  List<String> activity(UUID c) {
    return jdbc.queryForList(
        "SELECT concat_ws('|', after_seq, kind, actor_id, user_id, detail) FROM inbox_activity"
            + " WHERE conversation_id = ? ORDER BY event_seq",
        String.class,
        c);
  }

  /** One batch: the inbox coalesces messages, and each entry must still see the seq before it. */
  List<Object> history(UUID c) {
    return List.of(
        new GroupCreatedEvent(c, alice, "Team", "", Visibility.PRIVATE, T),
        new MemberAddedEvent(c, alice, alice, MemberRole.OWNER, T),
        new MemberAddedEvent(c, alice, bob, MemberRole.MEMBER, T),
        sent(c, 1, alice, T.plusSeconds(1)),
        new InviteCreatedEvent(c, CODE + c.toString().substring(0, 4), alice, null, 3, T),
        new InviteUsedEvent(c, CODE + c.toString().substring(0, 4), carol, T.plusSeconds(2)),
        new MemberAddedEvent(c, carol, carol, MemberRole.MEMBER, T.plusSeconds(2)),
        sent(c, 2, carol, T.plusSeconds(3)),
        sent(c, 3, bob, T.plusSeconds(4)),
        new GroupUpdatedEvent(c, alice, "Ops", "on call", Visibility.PRIVATE, T.plusSeconds(5)),
        new MemberRoleChangedEvent(c, alice, bob, MemberRole.ADMIN, T.plusSeconds(6)),
        new GroupPictureChangedEvent(c, bob, null, T.plusSeconds(7)),
        new MemberRemovedEvent(c, bob, carol, T.plusSeconds(8)),
        new MemberRemovedEvent(c, bob, bob, T.plusSeconds(9)));
  }

  @Test
  void entriesSitAfterTheMessageTheGroupHadAndSayWhoDidWhat() {
    UUID c = UUID.randomUUID();
    events.publish(history(c));
    assertThat(activity(c))
        .containsExactly(
            "0|created|" + alice + "|Team",
            "1|joined_by_invite|" + carol + "|" + carol,
            "3|renamed|" + alice + "|Ops",
            "3|topic_changed|" + alice + "|on call",
            "3|role_changed|" + alice + "|" + bob + "|admin",
            "3|picture_removed|" + bob,
            "3|removed|" + bob + "|" + carol,
            "3|left|" + bob + "|" + bob);
  }

  @Test
  void aRedeliveredEventAddsNoEntryAndDirectConversationsHaveNone() {
    UUID c = UUID.randomUUID();
    events.publish(history(c));
    int before = activity(c).size();
    // The same event again (a redelivery carries the same sequence number): keyed, so nothing.
    jdbc.update(
        "INSERT INTO inbox_activity (conversation_id, event_seq, after_seq, kind, at)"
            + " VALUES (?, 0, 0, 'created', now()) ON CONFLICT DO NOTHING",
        c);
    assertThat(activity(c)).hasSize(before);
  }

  @Test
  void aDeletedGroupLeavesTheDirectoryTheInboxAndItsInvites() {
    UUID c = UUID.randomUUID();
    events.publish(history(c));
    events.publish(new InviteRevokedEvent(c, CODE + c.toString().substring(0, 4), alice, T));
    assertThat(
            jdbc.queryForObject(
                "SELECT uses FROM directory_invite WHERE conversation_id = ?", Integer.class, c))
        .isEqualTo(1);
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM directory_invite WHERE conversation_id = ?"
                    + " AND revoked_at IS NOT NULL",
                Integer.class,
                c))
        .isEqualTo(1);

    events.publish(new GroupDeletedEvent(c, alice, List.of(alice), T.plusSeconds(10)));
    for (String table :
        List.of(
            "directory_conversation",
            "directory_membership",
            "directory_invite",
            "inbox_conversation",
            "inbox_entry",
            "inbox_activity",
            "inbox_group_settings")) {
      assertThat(
              jdbc.queryForObject(
                  "SELECT count(*) FROM " + table + " WHERE conversation_id = ?", Integer.class, c))
          .as(table)
          .isZero();
    }
  }
}
