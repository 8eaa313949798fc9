package io.parley.push.gateway;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.socket.CloseStatus;

/**
 * At most {@code parley.gateway.max-sockets-per-user} gateway sessions per account in this process,
 * in order of last use (opened or resumed). A new session displaces the least recently used one
 * that has no socket, else the least recently used socket (closed with 4009): the device in hand
 * always gets in, and whoever holds a stolen token cannot lock the owner out by holding sockets.
 */
final class SocketQuota {
  private final int maxPerUser;
  private final Sessions sessions;
  private final Map<UUID, ArrayDeque<GatewaySession>> byUser = new HashMap<>();

  SocketQuota(int maxPerUser, Sessions sessions) {
    if (maxPerUser < 1) {
      throw new IllegalArgumentException("max-sockets-per-user must be at least 1");
    }
    this.maxPerUser = maxPerUser;
    this.sessions = sessions;
  }

  /** Counts a new session of its user and ends the sessions it displaces (4009). */
  void admit(GatewaySession fresh) {
    for (GatewaySession displaced : displacedBy(fresh)) {
      end(displaced, Connection.TOO_MANY_SOCKETS);
    }
  }

  /** Ends a session for good: unreachable, uncounted, its socket closed with {@code status}. */
  void end(GatewaySession session, CloseStatus status) {
    sessions.remove(session);
    forget(session);
    session.shed(status);
  }

  private synchronized List<GatewaySession> displacedBy(GatewaySession fresh) {
    ArrayDeque<GatewaySession> sessions =
        byUser.computeIfAbsent(fresh.userId(), id -> new ArrayDeque<>());
    sessions.addLast(fresh);
    List<GatewaySession> displaced = new ArrayList<>();
    while (sessions.size() > maxPerUser) {
      GatewaySession victim =
          sessions.stream().filter(s -> !s.attached()).findFirst().orElse(sessions.peekFirst());
      sessions.remove(victim);
      displaced.add(victim);
    }
    return displaced;
  }

  /** A resumed session is the most recently used again. */
  synchronized void touch(GatewaySession session) {
    ArrayDeque<GatewaySession> sessions = byUser.get(session.userId());
    if (sessions != null && sessions.remove(session)) {
      sessions.addLast(session);
    }
  }

  synchronized void forget(GatewaySession session) {
    ArrayDeque<GatewaySession> sessions = byUser.get(session.userId());
    if (sessions != null && sessions.remove(session) && sessions.isEmpty()) {
      byUser.remove(session.userId());
    }
  }
}
