package io.parley.query.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.events.conversation.GroupCreatedEvent;
import io.parley.events.conversation.GroupUpdatedEvent;
import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.conversation.MemberRemovedEvent;
import io.parley.events.conversation.MemberRole;
import io.parley.events.conversation.Visibility;
import io.parley.query.ProjectionTest;
import io.parley.query.PublishedEvents;
import io.parley.query.ReplayPause;
import io.parley.query.Replays;
import io.parley.query.rebuild.ReadModelRebuilds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A replay rebuilds the directory beside the live tables: while it runs, the read endpoints serve
 * the rows as they were, never a state the replay passes through on its way (docs/adr/0100).
 */
@ProjectionTest
class ReplayPrivacyTest {
  static final Instant T = Instant.parse("2026-12-01T08:00:00Z");
  static final String GROUP = "conversation-directory";

  @Autowired PublishedEvents events;
  @Autowired ReplayPause pause;
  @Autowired EventProcessingConfiguration processing;
  @Autowired ReadModelRebuilds rebuilds;
  @Autowired Conversations conversations;
  @Autowired Members members;
  @Autowired JdbcTemplate jdbc;
  @Autowired EventStore eventStore;

  @Test
  void midReplayAGroupMadePrivateStaysPrivateAndARemovedMemberStaysRemoved() throws Exception {
    UUID group = UUID.randomUUID();
    UUID owner = UUID.randomUUID();
    UUID removed = UUID.randomUUID();
    UUID outsider = UUID.randomUUID();
    UUID filler = UUID.randomUUID();
    List<Object> history = new ArrayList<>();
    history.add(new GroupCreatedEvent(group, owner, "Once public", "", Visibility.PUBLIC, T));
    history.add(new MemberAddedEvent(group, owner, owner, MemberRole.OWNER, T));
    history.add(new MemberAddedEvent(group, owner, removed, MemberRole.MEMBER, T));
    // More than a batch of other directory events, so the replay commits the group's first
    // events before it reaches the ones that made it private and removed a member.
    history.add(new GroupCreatedEvent(filler, owner, "Filler", "", Visibility.PRIVATE, T));
    for (int i = 0; i < 150; i++) {
      history.add(new MemberAddedEvent(filler, owner, UUID.randomUUID(), MemberRole.MEMBER, T));
    }
    history.add(
        new GroupUpdatedEvent(
            group, owner, "Once public", "", Visibility.PRIVATE, T.plusSeconds(1)));
    history.add(new MemberRemovedEvent(group, owner, removed, T.plusSeconds(2)));
    events.publish(history);
    assertPrivateWithoutTheRemovedMember(group, outsider, removed);

    try (ReplayPause.Paused paused =
        pause.before(
            GROUP,
            payload ->
                payload instanceof GroupUpdatedEvent updated
                    && updated.conversationId().equals(group))) {
      Replays.restartFromTheBeginning(processing, GROUP);
      paused.awaitReached();

      assertPrivateWithoutTheRemovedMember(group, outsider, removed);
    }
    events.awaitProcessed();
    Replays.awaitSwapped(rebuilds, GROUP);

    assertPrivateWithoutTheRemovedMember(group, outsider, removed);
  }

  @Test
  void aMemberRemovedWhileTheDirectoryReplaysLosesAccessAtOnce() throws Exception {
    UUID group = UUID.randomUUID();
    UUID owner = UUID.randomUUID();
    UUID removed = UUID.randomUUID();
    UUID outsider = UUID.randomUUID();
    events.publish(
        new GroupCreatedEvent(group, owner, "Private", "", Visibility.PRIVATE, T),
        new MemberAddedEvent(group, owner, owner, MemberRole.OWNER, T),
        new MemberAddedEvent(group, owner, removed, MemberRole.MEMBER, T),
        new GroupUpdatedEvent(group, owner, "Renamed", "", Visibility.PRIVATE, T.plusSeconds(1)));
    assertThat(conversations.require(group, removed).myRole()).isEqualTo("member");

    try (ReplayPause.Paused paused =
        pause.before(
            GROUP,
            payload ->
                payload instanceof GroupUpdatedEvent updated
                    && updated.conversationId().equals(group))) {
      Replays.restartFromTheBeginning(processing, GROUP);
      paused.awaitReached();

      // Appended without waiting for the processors: the directory's is held by the pause.
      eventStore.publish(
          events.message(new MemberRemovedEvent(group, owner, removed, T.plusSeconds(2))));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (isMember(group, removed) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertPrivateWithoutTheRemovedMember(group, outsider, removed);
    }
    events.awaitProcessed();
    Replays.awaitSwapped(rebuilds, GROUP);

    assertPrivateWithoutTheRemovedMember(group, outsider, removed);
  }

  private boolean isMember(UUID group, UUID user) {
    return jdbc.queryForObject(
            "SELECT count(*) FROM directory_membership WHERE conversation_id = ? AND user_id = ?",
            Long.class,
            group,
            user)
        > 0;
  }

  private void assertPrivateWithoutTheRemovedMember(UUID group, UUID outsider, UUID removed) {
    assertThatThrownBy(() -> conversations.require(group, outsider))
        .as("the group as an outsider finds it")
        .isInstanceOfSatisfying(
            DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    assertThatThrownBy(() -> conversations.require(group, removed))
        .as("the group as the removed member finds it")
        .isInstanceOf(DomainException.class);
    assertThat(members.page(group, 50, null).items())
        .extracting(Members.Member::userId)
        .doesNotContain(removed)
        .hasSize(1);
    assertThat(
            jdbc.queryForObject(
                "SELECT visibility FROM directory_conversation WHERE conversation_id = ?",
                String.class,
                group))
        .isEqualTo("private");
  }
}
