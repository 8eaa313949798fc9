package io.parley.command.conversation;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.events.conversation.AddMemberCommand;
import io.parley.events.conversation.ConversationKind;
import io.parley.events.conversation.CreateGroupCommand;
import io.parley.events.conversation.GroupCreatedEvent;
import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.conversation.MemberRole;
import io.parley.events.conversation.Visibility;
import io.parley.events.message.MessageSentEvent;
import io.parley.events.message.SendMessageCommand;
import io.parley.events.message.SentMessage;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A direct conversation or a group. Its state is only what its rules need: members and roles,
 * settings, the last {@code seq}, and a bounded window of recent client message ids for idempotent
 * sends. Message bodies never live here.
 */
@Aggregate
public class Conversation {
  static final int CLIENT_ID_WINDOW = 512;
  static final int MAX_MEMBERS = 10_000;

  @AggregateIdentifier private UUID conversationId;
  private ConversationKind kind;
  private Visibility visibility;
  private final Map<UUID, MemberRole> members = new HashMap<>();
  private long lastSeq;
  private final LinkedHashMap<UUID, SentMessage> recentSends =
      new LinkedHashMap<>(64, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, SentMessage> eldest) {
          return size() > CLIENT_ID_WINDOW;
        }
      };

  protected Conversation() {}

  @CommandHandler
  public Conversation(CreateGroupCommand command) {
    if (command.memberIds().size() + 1 > MAX_MEMBERS) {
      throw new DomainException(ErrorCode.INVALID_INPUT, "A group holds at most 10000 members.");
    }
    apply(
        new GroupCreatedEvent(
            command.conversationId(),
            command.creatorId(),
            command.name(),
            command.topic(),
            command.visibility(),
            command.now()));
    apply(
        new MemberAddedEvent(
            command.conversationId(),
            command.creatorId(),
            command.creatorId(),
            MemberRole.OWNER,
            command.now()));
    command.memberIds().stream()
        .filter(id -> !id.equals(command.creatorId()))
        .distinct()
        .forEach(
            id ->
                apply(
                    new MemberAddedEvent(
                        command.conversationId(),
                        command.creatorId(),
                        id,
                        MemberRole.MEMBER,
                        command.now())));
  }

  @CommandHandler
  public void handle(AddMemberCommand command) {
    MemberRole actor = roleOf(command.actorId());
    if (!actor.canManageMembers()) {
      throw new DomainException(ErrorCode.FORBIDDEN, "Only owners and admins add members.");
    }
    if (members.containsKey(command.userId())) {
      return; // already a member: adding again changes nothing
    }
    if (members.size() >= MAX_MEMBERS) {
      throw new DomainException(ErrorCode.CONFLICT, "The group is full.");
    }
    apply(
        new MemberAddedEvent(
            conversationId, command.actorId(), command.userId(), MemberRole.MEMBER, command.now()));
  }

  @CommandHandler
  public SentMessage handle(SendMessageCommand command) {
    roleOf(command.senderId());
    SentMessage earlier = recentSends.get(command.clientMessageId());
    if (earlier != null) {
      return earlier;
    }
    long seq = lastSeq + 1;
    apply(
        new MessageSentEvent(
            conversationId,
            seq,
            command.messageId(),
            command.senderId(),
            command.clientMessageId(),
            command.body(),
            command.replyToMessageId(),
            command.now()));
    return recentSends.get(command.clientMessageId());
  }

  private MemberRole roleOf(UUID userId) {
    MemberRole role = members.get(userId);
    if (role == null) {
      // Non-members learn nothing about the conversation, not even that it exists.
      throw new DomainException(ErrorCode.NOT_FOUND, "No such conversation.");
    }
    return role;
  }

  @EventSourcingHandler
  void on(GroupCreatedEvent event) {
    conversationId = event.conversationId();
    kind = ConversationKind.GROUP;
    visibility = event.visibility();
  }

  @EventSourcingHandler
  void on(MemberAddedEvent event) {
    members.put(event.userId(), event.role());
  }

  @EventSourcingHandler
  void on(MessageSentEvent event) {
    lastSeq = event.seq();
    recentSends.put(
        event.clientMessageId(),
        new SentMessage(
            event.conversationId(),
            event.seq(),
            event.messageId(),
            event.senderId(),
            event.body(),
            event.replyToMessageId(),
            event.sentAt()));
  }
}
