package io.parley.command.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.parley.command.CommandSideApplication;
import io.parley.command.conversation.Conversation;
import io.parley.command.conversation.EventReplayCounter;
import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.events.conversation.CreateGroupCommand;
import io.parley.events.conversation.RemoveMemberCommand;
import io.parley.events.conversation.Visibility;
import io.parley.events.message.AddReactionCommand;
import io.parley.events.message.DeleteMessageCommand;
import io.parley.events.message.EditMessageCommand;
import io.parley.events.message.SendMessageCommand;
import io.parley.events.message.SentMessage;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The command-side lookups written in the Conversation's own transaction, against the real
 * Postgres: a refused lookup write rolls the event back and leaves no gap in seq.
 */
@SpringBootTest(
    classes = CommandSideApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.NONE)
@Import(EventReplayCounter.class)
class MessageLookupsTest {
  static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

  @Autowired CommandGateway commands;
  @Autowired MessageRefs refs;
  @Autowired ReadMarkers markers;
  @Autowired JdbcTemplate jdbc;

  UUID owner;
  UUID member;
  UUID group;
  long base;

  @BeforeEach
  void createGroup() {
    owner = UUID.randomUUID();
    member = UUID.randomUUID();
    group = UUID.randomUUID();
    base = ThreadLocalRandom.current().nextLong(1L << 20, 1L << 60);
    commands.sendAndWait(
        new CreateGroupCommand(group, owner, "G", "", Visibility.PRIVATE, List.of(member), NOW));
  }

  /** Message ids are unique across the whole store: each test offsets its own small ones. */
  private SentMessage send(UUID sender, long messageId, UUID clientId) {
    return commands.sendAndWait(
        new SendMessageCommand(group, sender, id(messageId), clientId, "body", null, NOW));
  }

  private long id(long local) {
    return base + local;
  }

  private long eventsOf(UUID aggregate) {
    return jdbc.queryForObject(
        "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?",
        Long.class,
        aggregate.toString());
  }

  @Test
  void aSendRecordsTheFactsOfTheMessage() {
    UUID clientId = UUID.randomUUID();
    send(member, 4242, clientId);
    MessageRefs.Ref ref = refs.find(group, id(4242)).orElseThrow();
    assertThat(ref.seq()).isEqualTo(1);
    assertThat(ref.senderId()).isEqualTo(member);
    assertThat(ref.hasBody("body")).isTrue();
    assertThat(refs.findByClientId(group, clientId).map(MessageRefs.Ref::messageId))
        .contains(id(4242));
    assertThat(refs.find(UUID.randomUUID(), id(4242))).as("only in its conversation").isEmpty();
  }

  @Test
  void aClientMessageIdOlderThanTheWindowIsStillRefusedAndLeavesNoGap() {
    UUID first = UUID.randomUUID();
    send(member, 1, first);
    for (int i = 2; i <= Conversation.CLIENT_ID_WINDOW + 1; i++) {
      send(member, i, UUID.randomUUID());
    }
    long before = eventsOf(group);
    Throwable refused = catchThrowable(() -> send(member, 99_999, first));
    assertThat(Outcomes.causedBy(refused, MessageRefs.DuplicateSend.class)).isTrue();
    assertThat(eventsOf(group)).isEqualTo(before);
    SentMessage next = send(member, 100_000, UUID.randomUUID());
    assertThat(next.seq()).isEqualTo(Conversation.CLIENT_ID_WINDOW + 2L);
  }

  @Test
  void aDuplicateReactionIsRolledBackAsNothingChanged() {
    send(member, 7, UUID.randomUUID());
    commands.sendAndWait(new AddReactionCommand(group, owner, id(7), 1, "👍", NOW));
    long before = eventsOf(group);
    Throwable twin =
        catchThrowable(
            () -> commands.sendAndWait(new AddReactionCommand(group, owner, id(7), 1, "👍", NOW)));
    assertThat(Outcomes.causedBy(twin, NothingChanged.class)).isTrue();
    assertThat(eventsOf(group)).isEqualTo(before);
    assertThat(refs.reactionCounts(id(7))).containsEntry("👍", 1);
  }

  @Test
  void aDeletedMessageCannotBeEditedEvenByACommandThatLookedBeforeTheDelete() {
    send(member, 8, UUID.randomUUID());
    commands.sendAndWait(new DeleteMessageCommand(group, member, id(8), 1, member, NOW));
    Throwable refused =
        catchThrowable(
            () ->
                commands.sendAndWait(
                    new EditMessageCommand(group, member, id(8), 1, member, "back", NOW)));
    assertThat(refused).isInstanceOf(DomainException.class);
    assertThat(((DomainException) refused).code()).isEqualTo(ErrorCode.CONFLICT);
    Throwable again =
        catchThrowable(
            () ->
                commands.sendAndWait(
                    new DeleteMessageCommand(group, member, id(8), 1, member, NOW)));
    assertThat(Outcomes.causedBy(again, NothingChanged.class)).isTrue();
  }

  @Test
  void readMarkersOnlyMoveForwardAndStopAtTheLastMessage() {
    send(member, 11, UUID.randomUUID());
    send(member, 12, UUID.randomUUID());
    assertThat(markers.moveForward(group, owner, 1, NOW)).isTrue();
    assertThat(markers.moveForward(group, owner, 1, NOW)).isFalse();
    assertThat(markers.moveForward(group, owner, 99, NOW)).isTrue();
    assertThat(markers.moveForward(group, owner, 1, NOW)).isFalse();
    assertThat(
            jdbc.queryForObject(
                "SELECT seq FROM read_marker WHERE conversation_id = ? AND user_id = ?",
                Long.class,
                group,
                owner))
        .isEqualTo(2);
  }

  @Test
  void aRemovedMemberLosesTheirReadMarkerRightsAtOnce() {
    send(member, 21, UUID.randomUUID());
    commands.sendAndWait(new RemoveMemberCommand(group, owner, member, NOW));
    Throwable refused = catchThrowable(() -> markers.moveForward(group, member, 1, NOW));
    assertThat(refused).isInstanceOf(DomainException.class);
    assertThat(((DomainException) refused).code()).isEqualTo(ErrorCode.NOT_FOUND);
  }
}
