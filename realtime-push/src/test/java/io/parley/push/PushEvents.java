package io.parley.push;

import io.parley.events.account.AccountRegisteredEvent;
import io.parley.events.conversation.DirectConversationOpenedEvent;
import io.parley.events.conversation.GroupCreatedEvent;
import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.conversation.MemberRole;
import io.parley.events.conversation.Visibility;
import io.parley.events.message.MessageSentEvent;
import io.parley.support.auth.AccessTokens;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;

/**
 * Publishes the contract's events the way the command side would (domain events with aggregate
 * sequence numbers), so the gateway is tested without the command side. Also mints tokens.
 */
public final class PushEvents {
  private static final AtomicLong MESSAGE_IDS = new AtomicLong(System.currentTimeMillis() << 20);

  private final EventBus events;
  private final AccessTokens tokens;
  private final Map<UUID, AtomicLong> versions = new ConcurrentHashMap<>();
  private final Map<UUID, AtomicLong> seqs = new ConcurrentHashMap<>();

  public PushEvents(EventBus events, AccessTokens tokens) {
    this.events = events;
    this.tokens = tokens;
  }

  public UUID user(String name) {
    UUID userId = UUID.randomUUID();
    publish(userId, "Account", new AccountRegisteredEvent(userId, name, name, Instant.now()));
    return userId;
  }

  public String token(UUID userId) {
    return tokens.issue(userId, UUID.randomUUID(), Instant.now());
  }

  public String tokenExpiringIn(UUID userId, java.time.Duration left) {
    return tokens.issue(
        userId, UUID.randomUUID(), Instant.now().minus(AccessTokens.LIFETIME).plus(left));
  }

  /** A private group with the creator as owner and the others as members. */
  public UUID group(UUID creator, UUID... members) {
    UUID conversationId = UUID.randomUUID();
    Instant now = Instant.now();
    publish(
        conversationId,
        "Conversation",
        new GroupCreatedEvent(conversationId, creator, "Group", "", Visibility.PRIVATE, now));
    add(conversationId, creator, creator, MemberRole.OWNER);
    for (UUID member : members) {
      add(conversationId, creator, member, MemberRole.MEMBER);
    }
    return conversationId;
  }

  public UUID direct(UUID initiator, UUID other) {
    UUID conversationId = UUID.randomUUID();
    publish(
        conversationId,
        "Conversation",
        new DirectConversationOpenedEvent(conversationId, initiator, other, Instant.now()));
    add(conversationId, initiator, initiator, MemberRole.MEMBER);
    add(conversationId, initiator, other, MemberRole.MEMBER);
    return conversationId;
  }

  public void add(UUID conversationId, UUID actor, UUID member, MemberRole role) {
    publish(
        conversationId,
        "Conversation",
        new MemberAddedEvent(conversationId, actor, member, role, Instant.now()));
  }

  /** Sends a message and returns its seq. */
  public long message(UUID conversationId, UUID sender, String body) {
    return messages(conversationId, sender, body, 1);
  }

  /** Sends {@code count} messages in one append; returns the last seq. */
  public long messages(UUID conversationId, UUID sender, String body, int count) {
    List<EventMessage<?>> batch = new ArrayList<>();
    long seq = 0;
    for (int i = 0; i < count; i++) {
      seq = seqs.computeIfAbsent(conversationId, id -> new AtomicLong()).incrementAndGet();
      batch.add(
          domain(
              conversationId,
              "Conversation",
              new MessageSentEvent(
                  conversationId,
                  seq,
                  MESSAGE_IDS.incrementAndGet(),
                  sender,
                  UUID.randomUUID(),
                  body,
                  null,
                  Instant.now())));
    }
    events.publish(batch);
    return seq;
  }

  public long lastSeq(UUID conversationId) {
    return seqs.getOrDefault(conversationId, new AtomicLong()).get();
  }

  /** Publishes one event of the aggregate {@code aggregateId} with its next sequence number. */
  public void publish(UUID aggregateId, String type, Object payload) {
    events.publish(domain(aggregateId, type, payload));
  }

  private EventMessage<?> domain(UUID aggregateId, String type, Object payload) {
    long version =
        versions.computeIfAbsent(aggregateId, id -> new AtomicLong(-1)).incrementAndGet();
    return new GenericDomainEventMessage<>(type, aggregateId.toString(), version, payload);
  }
}
