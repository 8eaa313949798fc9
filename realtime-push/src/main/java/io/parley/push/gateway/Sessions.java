package io.parley.push.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.events.message.MessageView;
import io.parley.push.protocol.PushType;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The gateway sessions of this process, by id, by user and by the users whose presence they watch;
 * and the broadcast to them, which serialises each push once however many sockets receive it and
 * leaves a big audience's socket writes to the {@link SocketWriters}.
 */
@Component
public class Sessions {
  private final Map<String, GatewaySession> byId = new ConcurrentHashMap<>();
  private final Map<UUID, Set<GatewaySession>> byUser = new ConcurrentHashMap<>();
  private final Map<UUID, Set<GatewaySession>> presenceWatchers = new ConcurrentHashMap<>();
  private final ObjectMapper json;
  private final SocketWriters writers;

  Sessions(ObjectMapper json) {
    this(json, SocketWriters.INLINE);
  }

  @Autowired
  Sessions(ObjectMapper json, SocketWriters writers) {
    this.json = json;
    this.writers = writers;
  }

  void add(GatewaySession session) {
    byId.put(session.sessionId(), session);
    byUser.computeIfAbsent(session.userId(), id -> ConcurrentHashMap.newKeySet()).add(session);
  }

  GatewaySession find(String sessionId) {
    return sessionId == null ? null : byId.get(sessionId);
  }

  Collection<GatewaySession> all() {
    return byId.values();
  }

  void remove(GatewaySession session) {
    byId.remove(session.sessionId());
    byUser.computeIfPresent(session.userId(), (id, set) -> without(set, session));
    watchPresence(session, Set.of());
  }

  /** Replaces the set of users whose presence {@code session} receives. */
  void watchPresence(GatewaySession session, Set<UUID> userIds) {
    for (UUID old : session.presenceSubscriptions()) {
      presenceWatchers.computeIfPresent(old, (id, set) -> without(set, session));
    }
    session.presenceSubscriptions(userIds);
    for (UUID watched : userIds) {
      presenceWatchers.computeIfAbsent(watched, id -> ConcurrentHashMap.newKeySet()).add(session);
    }
  }

  /** Sessions with ({@code attached}) or without a socket attached. */
  double count(boolean attached) {
    return byId.values().stream().filter(s -> s.attached() == attached).count();
  }

  /** Pushes to every session of the given users; serialises once. */
  public void broadcast(Collection<UUID> userIds, Push push) {
    SharedTail tail = null;
    long sentAt = sentAtMillis(push);
    SocketWriters.Pending pending = writers.pendingFor(userIds.size());
    for (UUID userId : userIds) {
      Set<GatewaySession> sessions = byUser.get(userId);
      if (sessions == null) {
        continue;
      }
      if (tail == null) {
        tail = new SharedTail(tail(push));
      }
      for (GatewaySession session : sessions) {
        session.deliver(tail, push.ephemeral(), sentAt, pending);
      }
    }
    if (pending != null) {
      writers.flush(pending);
    }
  }

  /** A new message is timed from its send to each socket write (parley.push.latency). */
  private static long sentAtMillis(Push push) {
    return push.type() == PushType.MESSAGE_CREATED && push.data() instanceof MessageView message
        ? message.createdAt().toEpochMilli()
        : GatewayMetrics.UNTIMED;
  }

  /** Pushes to every session that subscribed to {@code userId}'s presence. */
  public void toPresenceWatchers(UUID userId, Push push) {
    Set<GatewaySession> sessions = presenceWatchers.get(userId);
    if (sessions == null || sessions.isEmpty()) {
      return;
    }
    SharedTail tail = new SharedTail(tail(push));
    for (GatewaySession session : sessions) {
      session.deliver(tail, push.ephemeral(), GatewayMetrics.UNTIMED);
    }
  }

  /** The sessions watching the presence of {@code userId} belong to these users. */
  public Set<UUID> presenceWatchersOf(UUID userId) {
    Set<GatewaySession> sessions = presenceWatchers.getOrDefault(userId, Set.of());
    Set<UUID> users = ConcurrentHashMap.newKeySet();
    sessions.forEach(s -> users.add(s.userId()));
    return users;
  }

  void deliver(GatewaySession session, Push push) {
    session.deliver(tail(push), push.ephemeral());
  }

  /** The event body after its id: {@code "type":..,"conversationId":..,"seq":..,"data":..}}. */
  String tail(Push push) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", push.type().wire());
    if (push.conversationId() != null) {
      body.put("conversationId", push.conversationId());
    }
    if (push.seq() != null) {
      body.put("seq", push.seq());
    }
    body.put("data", push.data());
    try {
      return json.writeValueAsString(body).substring(1); // '{' is written per session with its id
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialise a " + push.type() + " event", e);
    }
  }

  private static Set<GatewaySession> without(Set<GatewaySession> set, GatewaySession session) {
    set.remove(session);
    return set.isEmpty() ? null : set;
  }
}
