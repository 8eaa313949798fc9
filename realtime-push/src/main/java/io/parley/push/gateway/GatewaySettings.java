package io.parley.push.gateway;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tunables of the WebSocket gateway ({@code parley.gateway.*}).
 *
 * @param sendBufferChars frames queued for one socket beyond which it counts as slow and is closed
 *     with 1012 (resumable); typing and presence frames are dropped first
 * @param replayEvents how many recent events a session keeps for a resume
 * @param replayChars how many characters of recent events a session keeps for a resume
 * @param resumeWindow how long a session whose socket dropped stays resumable
 * @param maxOps client frames allowed per {@code opsWindow} before the socket is closed with 4003
 * @param allowedOrigins browser origins allowed besides the server's own; {@code *} allows any
 */
@ConfigurationProperties("parley.gateway")
public record GatewaySettings(
    @DefaultValue("10s") Duration identifyTimeout,
    @DefaultValue("30s") Duration heartbeatInterval,
    @DefaultValue("16384") int maxFrameBytes,
    @DefaultValue("1048576") int sendBufferChars,
    @DefaultValue("5s") Duration blockedSendTimeout,
    @DefaultValue("1000") int replayEvents,
    @DefaultValue("524288") int replayChars,
    @DefaultValue("2m") Duration resumeWindow,
    @DefaultValue("120") int maxOps,
    @DefaultValue("60s") Duration opsWindow,
    @DefaultValue("200") int maxPresenceSubscriptions,
    @DefaultValue List<String> allowedOrigins) {

  /** How often the sweeper checks heartbeats, token expiry and abandoned sessions. */
  Duration sweepInterval() {
    Duration quarter = heartbeatInterval.dividedBy(4);
    return quarter.compareTo(Duration.ofSeconds(1)) < 0 ? quarter : Duration.ofSeconds(1);
  }
}
