package io.parley.push.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.push.presence.PresenceTracker;
import io.parley.push.receipts.DeliveryAcks;
import io.parley.push.routing.PushUsers;
import io.parley.push.typing.TypingRelay;
import io.parley.support.DaemonThreads;
import io.parley.support.auth.AccessTokens;
import io.parley.support.auth.EndedSessions;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

@Configuration(proxyBeanMethods = false)
@EnableWebSocket
@EnableConfigurationProperties(GatewaySettings.class)
class GatewayConfiguration implements WebSocketConfigurer {
  private final GatewayHandler handler;
  private final GatewaySettings settings;
  private final HandshakeLimiter handshakes;

  GatewayConfiguration(
      GatewayHandler handler, GatewaySettings settings, HandshakeLimiter handshakes) {
    this.handler = handler;
    this.settings = settings;
    this.handshakes = handshakes;
  }

  @Bean(destroyMethod = "shutdownNow")
  static ScheduledExecutorService gatewayTimers() {
    return Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("gateway-timers"));
  }

  /** Closing a socket may wait for its slow write (bounded by the blocked-send timeout). */
  @Bean(destroyMethod = "shutdownNow")
  static ExecutorService gatewayCloser() {
    return Executors.newCachedThreadPool(DaemonThreads.named("gateway-close"));
  }

  @Bean
  static GatewayMetrics gatewayMetrics(ObjectProvider<MeterRegistry> meters) {
    MeterRegistry registry = meters.getIfAvailable();
    return registry == null ? GatewayMetrics.unregistered() : new GatewayMetrics(registry);
  }

  @Bean
  static BufferBudget bufferBudget(GatewaySettings settings) {
    return new BufferBudget(settings.bufferBudget());
  }

  @Bean
  static SocketQuota socketQuota(GatewaySettings settings, Sessions sessions) {
    return new SocketQuota(settings.maxSocketsPerUser(), sessions);
  }

  @Bean
  static HandshakeLimiter handshakeLimiter(
      GatewaySettings settings,
      @Value("${parley.http.trusted-proxies:127.0.0.1,0:0:0:0:0:0:0:1,::1}") String trusted) {
    return new HandshakeLimiter(
        new ClientAddress(trusted), settings.maxPendingHandshakesPerAddress());
  }

  @Bean
  static BudgetShedder budgetShedder(
      BufferBudget budget,
      Sessions sessions,
      SocketQuota quota,
      ScheduledExecutorService gatewayTimers) {
    BudgetShedder shedder = new BudgetShedder(budget, sessions, quota, gatewayTimers);
    shedder.install();
    return shedder;
  }

  @Bean
  static WebServerFactoryCustomizer<TomcatServletWebServerFactory> socketBuffers(
      Environment environment) {
    return SocketBuffers.tomcat(environment);
  }

  @Bean
  static Handover handover(
      org.springframework.jdbc.core.JdbcTemplate jdbc,
      io.parley.push.routing.LiveCut cut,
      io.parley.push.routing.LogReplay replay,
      Sessions sessions,
      ObjectMapper json,
      GatewaySettings settings,
      @Value("${parley.gateway.handover-frames:16}") int frames,
      @Value("${parley.gateway.handover-chars:16384}") int chars,
      @Value("${parley.gateway.resume-max-log-events:10000}") int maxLogEvents,
      @Value("${parley.gateway.handover-drain-timeout:3s}") java.time.Duration drain,
      @Value("${parley.gateway.resume-point-wait:1s}") java.time.Duration pointWait) {
    return new Handover(
        jdbc,
        cut,
        replay,
        sessions,
        json,
        settings.resumeWindow(),
        frames,
        chars,
        maxLogEvents,
        drain,
        pointWait);
  }

  @Bean
  static GatewayHandler gatewayHandler(
      AccessTokens tokens,
      Sessions sessions,
      ObjectMapper json,
      ScheduledExecutorService gatewayTimers,
      ExecutorService gatewayCloser,
      GatewaySettings settings,
      Clock clock,
      PresenceTracker presence,
      TypingRelay typing,
      DeliveryAcks acks,
      PushUsers users,
      EndedSessions endedSessions,
      HandshakeLimiter handshakes,
      SocketQuota quota,
      BufferBudget budget,
      BudgetShedder shedder,
      GatewayMetrics metrics,
      Handover handover) {
    GatewayHandler handler =
        new GatewayHandler(
            tokens,
            sessions,
            json,
            gatewayTimers,
            gatewayCloser,
            settings,
            clock,
            presence,
            typing,
            acks,
            users,
            endedSessions,
            new SocketLimits(handshakes, quota, budget),
            metrics,
            handover);
    metrics.watch(handler::openSockets, sessions);
    long sweep = settings.sweepInterval().toMillis();
    gatewayTimers.scheduleWithFixedDelay(
        () -> {
          try {
            handler.sweep();
          } catch (RuntimeException e) {
            LoggerFactory.getLogger(GatewayHandler.class).warn("Gateway sweep failed", e);
          }
        },
        sweep,
        sweep,
        TimeUnit.MILLISECONDS);
    return handler;
  }

  @Override
  public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
    registry
        .addHandler(handler, "/ws")
        // Origins are judged by OriginPolicy, which closes a refused socket with 4008.
        .setAllowedOriginPatterns("*")
        .addInterceptors(new OriginPolicy(settings.allowedOrigins()), handshakes);
  }
}
