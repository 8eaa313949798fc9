package io.parley.push.gateway;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Tunables of the WebSocket gateway ({@code parley.gateway.*}). */
@ConfigurationProperties("parley.gateway")
record GatewaySettings(
    @DefaultValue("10s") Duration identifyTimeout,
    @DefaultValue("30s") Duration heartbeatInterval,
    @DefaultValue("16384") int maxFrameBytes,
    @DefaultValue("10s") Duration sendTimeLimit,
    @DefaultValue("524288") int sendBufferBytes,
    @DefaultValue List<String> allowedOrigins) {}
