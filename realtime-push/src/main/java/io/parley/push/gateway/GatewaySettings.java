package io.parley.push.gateway;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

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
 * @param maxSocketsPerUser sessions (devices and tabs) one account may hold in this process; a new
 *     one displaces the least recently used, whose socket is closed with 4009
 * @param maxPendingHandshakesPerAddress open sockets that have not identified yet, per client
 *     address; one more is closed with 4029
 * @param bufferBudget memory for every send queue and replay buffer of this process together
 *     ({@code 0}: a quarter of the maximum heap); see {@link BufferBudget}
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
    @DefaultValue List<String> allowedOrigins,
    @DefaultValue("20") int maxSocketsPerUser,
    @DefaultValue("100") int maxPendingHandshakesPerAddress,
    @DefaultValue("0B") DataSize bufferBudget) {

  /** How often the sweeper checks heartbeats, token expiry and abandoned sessions. */
  Duration sweepInterval() {
    Duration quarter = heartbeatInterval.dividedBy(4);
    return quarter.compareTo(Duration.ofSeconds(1)) < 0 ? quarter : Duration.ofSeconds(1);
  }
}
