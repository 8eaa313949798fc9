package io.parley.support.auth;

import io.parley.events.account.DeviceSessionEndedEvent;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

/**
 * Device sessions that ended within the lifetime of an access token, so their still-unexpired
 * access tokens are refused at once (logout, a reused refresh token, a password change elsewhere).
 * Every service keeps its own copy from the event stream: no call to the command side per request.
 * It needs no durable position: on start it reads back one access-token lifetime of events.
 */
@ProcessingGroup(EndedSessions.GROUP)
public class EndedSessions {
  public static final String GROUP = "ended-sessions";

  /** Session id to the time after which no access token of it can still be valid. */
  private final Map<UUID, Instant> ended = new ConcurrentHashMap<>();

  @EventHandler
  void on(DeviceSessionEndedEvent event) {
    Instant horizon = event.endedAt().plus(AccessTokens.LIFETIME).plusSeconds(60);
    ended.put(event.sessionId(), horizon);
    ended.values().removeIf(until -> until.isBefore(event.endedAt()));
  }

  public boolean hasEnded(UUID sessionId) {
    return ended.containsKey(sessionId);
  }
}
