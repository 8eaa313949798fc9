package io.parley.push.webpush;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.conversation.MemberRemovedEvent;
import io.parley.events.conversation.NotificationLevel;
import io.parley.events.conversation.NotificationLevelChangedEvent;
import io.parley.events.message.MessageSentEvent;
import io.parley.support.axon.Batches;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Decides who gets a Web Push for each new message (docs/adr/0156): every member but the sender
 * whose level and the message's mentions say so ({@link NotificationLevel#notifies}) and who has no
 * live socket on any push process. Runs in every push process from the head of the log with no
 * durable position, so history is never notified again; of the processes that see a message, the
 * one that first inserts its claim row sends it. The sends themselves go to {@link WebPushSender}'s
 * queue: nothing here waits for a push service, and live delivery is a different processor.
 */
@Component
@ProcessingGroup(WebPushNotifier.GROUP)
class WebPushNotifier {
  static final String GROUP = "push-webpush";
  static final int MAX_BODY_CODE_POINTS = 140;

  private static final Logger log = LoggerFactory.getLogger(WebPushNotifier.class);

  private final NotificationSettings settings;
  private final PushSubscriptions subscriptions;
  private final WebPushSender sender;
  private final JdbcTemplate jdbc;
  private final ObjectMapper json;
  private final Clock clock;
  private final Duration window;
  private final boolean includeText;
  private volatile Instant prunedAt = Instant.MIN;

  WebPushNotifier(
      NotificationSettings settings,
      PushSubscriptions subscriptions,
      WebPushSender sender,
      JdbcTemplate jdbc,
      ObjectMapper json,
      Clock clock,
      @Value("${parley.webpush.max-age:5m}") Duration window,
      @Value("${parley.webpush.include-text:true}") boolean includeText) {
    this.settings = settings;
    this.subscriptions = subscriptions;
    this.sender = sender;
    this.jdbc = jdbc;
    this.json = json;
    this.clock = clock;
    this.window = window;
    this.includeText = includeText;
  }

  @EventHandler
  void on(MemberAddedEvent event, @SequenceNumber long version) {
    notifyPending();
    settings.joined(event.conversationId(), event.userId(), version);
  }

  @EventHandler
  void on(MemberRemovedEvent event, @SequenceNumber long version) {
    notifyPending();
    settings.left(event.conversationId(), event.userId(), version);
  }

  @EventHandler
  void on(NotificationLevelChangedEvent event, @SequenceNumber long version) {
    notifyPending();
    settings.levelChanged(event.conversationId(), event.userId(), event.level(), version);
  }

  /**
   * Inside a processor batch the message waits for the batch's end, where one query reads the
   * subscriptions and levels of every conversation with a message in the batch (docs/adr/0219);
   * alone (outside a batch) it is looked at at once.
   */
  @EventHandler
  void on(MessageSentEvent event) {
    Instant now = clock.instant();
    if (event.sentAt().isBefore(now.minus(window))) {
      return; // an old event (a processor started behind the head): never a late notification
    }
    if (Batches.deferrable()) {
      Batches.resource(PENDING, ArrayList<MessageSentEvent>::new, this::notifyAll).add(event);
    } else {
      notifyAll(List.of(event));
    }
  }

  private static final String PENDING = WebPushNotifier.class.getName() + ".pending";

  /**
   * A membership or level change first settles the batch's messages before it, so those are decided
   * by the settings this notifier had written when it reached them, in event order.
   */
  private void notifyPending() {
    if (Batches.deferrable() && CurrentUnitOfWork.isStarted()) {
      List<MessageSentEvent> pending = CurrentUnitOfWork.get().getResource(PENDING);
      if (pending != null && !pending.isEmpty()) {
        List<MessageSentEvent> due = new ArrayList<>(pending);
        pending.clear();
        notifyAll(due);
      }
    }
  }

  private void notifyAll(List<MessageSentEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    Map<UUID, List<PushSubscriptions.OfMember>> members;
    try {
      // One query for the members' levels and subscriptions of all the messages' conversations:
      // most members have none, so this is usually empty and nothing else is read (it runs in
      // every push process).
      members =
          subscriptions.ofMembers(
              events.stream().map(MessageSentEvent::conversationId).distinct().toList());
    } catch (RuntimeException e) {
      log.warn("Web Push lookup for {} messages failed", events.size(), e);
      return;
    }
    Instant now = clock.instant();
    for (MessageSentEvent event : events) {
      List<PushSubscriptions.OfMember> of = members.get(event.conversationId());
      if (of == null) {
        continue;
      }
      try {
        notify(event, of, now);
      } catch (RuntimeException e) {
        // A notification is best effort: it never stops or retries the processor.
        log.warn(
            "Web Push for message {} of conversation {} failed",
            event.seq(),
            event.conversationId(),
            e);
      }
    }
  }

  private void notify(
      MessageSentEvent event, List<PushSubscriptions.OfMember> members, Instant now) {
    List<PushSubscriptions.Subscription> subscribed = new ArrayList<>();
    for (PushSubscriptions.OfMember member : members) {
      UUID userId = member.subscription().userId();
      if (!userId.equals(event.senderId()) && member.level().notifies(event.mentions(userId))) {
        subscribed.add(member.subscription());
      }
    }
    if (subscribed.isEmpty()) {
      return;
    }
    Set<UUID> online =
        online(subscribed.stream().map(PushSubscriptions.Subscription::userId).distinct().toList());
    List<PushSubscriptions.Subscription> targets = new ArrayList<>();
    for (PushSubscriptions.Subscription subscription : subscribed) {
      if (!online.contains(subscription.userId())) {
        targets.add(subscription);
      }
    }
    if (targets.isEmpty() || !claim(event, now)) {
      return;
    }
    byte[] payload;
    try {
      payload = json.writeValueAsBytes(payload(event));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    for (PushSubscriptions.Subscription target : targets) {
      boolean mentioned = event.mentions(target.userId());
      sender.send(
          target, payload, mentioned ? WebPushSender.Urgency.HIGH : WebPushSender.Urgency.NORMAL);
    }
  }

  /** Users with a live socket on any push process whose lease is current. */
  private Set<UUID> online(List<UUID> userIds) {
    return new HashSet<>(
        jdbc.queryForList(
            "SELECT DISTINCT s.user_id FROM push_presence_socket s JOIN push_process r"
                + " ON r.process_id = s.process_id WHERE s.user_id = ANY(?) AND r.lease_until >= ?",
            UUID.class,
            userIds.toArray(UUID[]::new),
            Timestamp.from(clock.instant())));
  }

  /** Whether this process is the one to send the message's notifications. */
  private boolean claim(MessageSentEvent event, Instant now) {
    if (prunedAt.isBefore(now.minus(Duration.ofMinutes(10)))) {
      prunedAt = now;
      jdbc.update(
          "DELETE FROM push_notification_claim WHERE claimed_at < ?",
          Timestamp.from(now.minus(Duration.ofDays(1))));
    }
    return jdbc.update(
            "INSERT INTO push_notification_claim (conversation_id, seq, claimed_at)"
                + " VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            event.conversationId(),
            event.seq(),
            Timestamp.from(now))
        == 1;
  }

  /**
   * What leaves the server, encrypted end to end to the browser (the push service sees only its
   * size): the conversation and message ids, and — unless {@code parley.webpush.include-text} is
   * off — a title (the sender, or the group's name) and the first characters of the text.
   */
  static final String ENCRYPTED = "New encrypted message";

  Map<String, Object> payload(MessageSentEvent event) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("conversationId", event.conversationId());
    payload.put("seq", event.seq());
    payload.put("messageId", Long.toString(event.messageId()));
    if (!includeText) {
      payload.put("title", "Parley");
      payload.put("body", event.encrypted() ? ENCRYPTED : "New message");
      return payload;
    }
    if (event.encrypted()) {
      // The server cannot read it (docs/adr/0185): no name or preview it could leak either.
      payload.put("title", "Parley");
      payload.put("body", ENCRYPTED);
      return payload;
    }
    String senderName = displayName(event.senderId());
    String group = groupName(event.conversationId());
    String text = event.body() == null ? "" : event.body().strip();
    String body = text.isEmpty() && !event.attachments().isEmpty() ? "sent a file" : truncate(text);
    if (group != null) {
      payload.put("title", group);
      payload.put("body", senderName + (body.equals("sent a file") ? " " : ": ") + body);
    } else {
      payload.put("title", senderName);
      payload.put("body", body);
    }
    return payload;
  }

  static String truncate(String text) {
    String flat = text.replaceAll("\\s+", " ");
    if (flat.codePointCount(0, flat.length()) <= MAX_BODY_CODE_POINTS) {
      return flat;
    }
    int end = flat.offsetByCodePoints(0, MAX_BODY_CODE_POINTS - 1);
    return flat.substring(0, end) + "…";
  }

  private String displayName(UUID userId) {
    List<String> names =
        jdbc.queryForList(
            "SELECT display_name FROM push_user WHERE user_id = ?", String.class, userId);
    return names.isEmpty() ? "Someone" : names.get(0);
  }

  /** The group's name, or null for a direct conversation. */
  private String groupName(UUID conversationId) {
    List<Map<String, Object>> rows =
        jdbc.queryForList(
            "SELECT kind, name FROM push_conversation WHERE conversation_id = ?", conversationId);
    if (rows.isEmpty() || "direct".equals(rows.get(0).get("kind"))) {
      return null;
    }
    Object name = rows.get(0).get("name");
    return name == null ? "Group" : name.toString();
  }
}
