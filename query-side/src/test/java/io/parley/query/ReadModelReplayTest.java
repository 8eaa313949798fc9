package io.parley.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import io.parley.events.account.AvatarChangedEvent;
import io.parley.events.conversation.GroupCreatedEvent;
import io.parley.events.conversation.GroupPictureChangedEvent;
import io.parley.events.conversation.GroupUpdatedEvent;
import io.parley.events.conversation.InviteCreatedEvent;
import io.parley.events.conversation.InviteUsedEvent;
import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.conversation.MemberBannedEvent;
import io.parley.events.conversation.MemberRemovedEvent;
import io.parley.events.conversation.MemberRole;
import io.parley.events.conversation.NotificationLevel;
import io.parley.events.conversation.NotificationLevelChangedEvent;
import io.parley.events.conversation.Visibility;
import io.parley.events.message.Attachment;
import io.parley.events.message.MessageDeletedEvent;
import io.parley.events.message.MessageEditedEvent;
import io.parley.events.message.MessageSentEvent;
import io.parley.events.message.ReactionAddedEvent;
import io.parley.events.message.ReadMarkerMovedEvent;
import io.parley.query.rebuild.ReadModelRebuilds;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Each read model resets alone and rebuilds the same rows. The Postgres read models rebuild beside
 * their live tables, which keep their rows until the rebuilt ones replace them (docs/adr/0100); the
 * CQL timeline clears its own tables.
 */
@ProjectionTest
@Order(1)
class ReadModelReplayTest {
  static final Instant T = Instant.parse("2026-11-23T08:00:00Z");
  static final Map<String, List<String>> TABLES =
      Map.of(
          "conversation-directory",
              List.of(
                  "directory_conversation",
                  "directory_membership",
                  "directory_ban",
                  "directory_invite"),
          "inbox",
              List.of(
                  "inbox_conversation",
                  "inbox_entry",
                  "inbox_deleted_message",
                  "inbox_mention",
                  "inbox_activity",
                  "inbox_group_settings"),
          "file-access", List.of("file_message_attachment", "file_avatar", "file_group_picture"),
          "message-search", List.of("search_message"),
          "message-timeline",
              List.of(
                  "messages_by_conversation",
                  "conversation_timeline_head",
                  "reactions_by_message"));

  @Autowired PublishedEvents events;
  @Autowired EventProcessingConfiguration processing;
  @Autowired JdbcTemplate jdbc;
  @Autowired CqlSession cql;
  @Autowired ReadModelRebuilds rebuilds;

  @BeforeEach
  void history() {
    UUID c = UUID.randomUUID();
    UUID ann = UUID.randomUUID();
    UUID ben = UUID.randomUUID();
    UUID cat = UUID.randomUUID();
    events.publish(
        new GroupCreatedEvent(c, ann, "Replayed", "", Visibility.PUBLIC, T),
        new MemberAddedEvent(c, ann, ann, MemberRole.OWNER, T),
        new MemberAddedEvent(c, ann, ben, MemberRole.MEMBER, T),
        new MessageSentEvent(c, 1, 1, ann, UUID.randomUUID(), "one", null, T.plusSeconds(1)),
        new MessageSentEvent(
            c,
            2,
            2,
            ben,
            UUID.randomUUID(),
            "two",
            1L,
            T.plusSeconds(2),
            List.of(image(), image())),
        new MessageSentEvent(
            c, 3, 3, ben, UUID.randomUUID(), "", null, T.plusSeconds(2), List.of(image())),
        new MessageSentEvent(
            c,
            4,
            4,
            ann,
            UUID.randomUUID(),
            "@ben @here",
            null,
            T.plusSeconds(2),
            List.of(),
            List.of(ben),
            true),
        new MessageSentEvent(
            c,
            5,
            5,
            ben,
            UUID.randomUUID(),
            "@ann",
            null,
            T.plusSeconds(2),
            List.of(),
            List.of(ann),
            false),
        new NotificationLevelChangedEvent(c, ann, NotificationLevel.MUTED, T.plusSeconds(2)),
        new AvatarChangedEvent(ann, image(), T.plusSeconds(2)),
        new GroupPictureChangedEvent(c, ann, image(), T.plusSeconds(2)),
        new MessageEditedEvent(c, 1, 1, ann, "one!", T.plusSeconds(3)),
        new ReactionAddedEvent(c, 1, 1, ben, "👍", T.plusSeconds(4)),
        new MessageDeletedEvent(c, 2, 2, ben, T.plusSeconds(5)),
        new ReadMarkerMovedEvent(c, ben, 1, T.plusSeconds(6)),
        // Invite links and group activity (docs/adr/0159, 0160) rebuild the same rows too.
        new InviteCreatedEvent(c, "R" + c.toString().replace("-", ""), ann, null, 2, T),
        new InviteUsedEvent(c, "R" + c.toString().replace("-", ""), cat, T.plusSeconds(6)),
        new MemberAddedEvent(c, cat, cat, MemberRole.MEMBER, T.plusSeconds(6)),
        new GroupUpdatedEvent(
            c, ann, "Replayed again", "topic", Visibility.PUBLIC, T.plusSeconds(6)),
        new MemberRemovedEvent(c, ann, ben, T.plusSeconds(7)),
        new MemberBannedEvent(c, ann, ben, T.plusSeconds(7)));
  }

  static Attachment image() {
    return new Attachment(UUID.randomUUID(), "p.png", "image/png", 10, "ab".repeat(32), 8, 8, true);
  }

  static boolean postgres(String table) {
    return table.startsWith("directory_")
        || table.startsWith("inbox_")
        || table.startsWith("file_")
        || table.startsWith("search_");
  }

  String snapshot(String table) {
    if (postgres(table)) {
      return String.join(
          "\n",
          jdbc.queryForList("SELECT t::text FROM " + table + " t ORDER BY t::text", String.class));
    }
    return cql.execute("SELECT * FROM " + table).all().stream()
        .map(row -> row.getFormattedContents())
        .sorted()
        .toList()
        .toString();
  }

  long count(String table) {
    return postgres(table)
        ? jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class)
        : cql.execute("SELECT count(*) FROM " + table).one().getLong(0);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "conversation-directory",
        "inbox",
        "message-timeline",
        "file-access",
        "message-search"
      })
  void resettingOneReadModelTouchesOnlyItsTablesAndRebuildsTheSameRows(String group) {
    Map<String, String> before = new java.util.HashMap<>();
    TABLES.values().stream().flatMap(List::stream).forEach(t -> before.put(t, snapshot(t)));
    // file-access is pooled (docs/adr/0225), the others tracking
    StreamingEventProcessor processor =
        processing.eventProcessor(group, StreamingEventProcessor.class).orElseThrow();

    processor.shutDown();
    Replays.awaitWorkersEnded(group);
    processor.resetTokens();
    try {
      TABLES.forEach(
          (owner, tables) ->
              tables.forEach(
                  table -> {
                    if (owner.equals(group) && group.equals("message-timeline")) {
                      assertThat(count(table)).as(table).isZero();
                    } else {
                      assertThat(snapshot(table)).as(table).isEqualTo(before.get(table));
                    }
                  }));
    } finally {
      processor.start();
    }
    events.awaitProcessed();
    Replays.awaitSwapped(rebuilds, group);

    TABLES.values().stream()
        .flatMap(List::stream)
        .forEach(t -> assertThat(snapshot(t)).as(t).isEqualTo(before.get(t)));
  }
}
