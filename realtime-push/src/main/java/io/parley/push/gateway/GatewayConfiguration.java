package io.parley.push.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.support.auth.AccessTokens;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

@Configuration(proxyBeanMethods = false)
@EnableWebSocket
@EnableConfigurationProperties(GatewaySettings.class)
class GatewayConfiguration implements WebSocketConfigurer {
  private final GatewayHandler handler;
  private final GatewaySettings settings;

  GatewayConfiguration(
      AccessTokens tokens, Sessions sessions, ObjectMapper json, GatewaySettings settings) {
    this.settings = settings;
    this.handler = new GatewayHandler(tokens, sessions, json, gatewayTimers(), settings);
  }

  @Bean(destroyMethod = "shutdownNow")
  static ScheduledExecutorService gatewayTimers() {
    return Executors.newSingleThreadScheduledExecutor(
        runnable -> {
          Thread thread = new Thread(runnable, "gateway-timers");
          thread.setDaemon(true);
          return thread;
        });
  }

  @Override
  public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
    registry
        .addHandler(handler, "/ws")
        .setAllowedOrigins(settings.allowedOrigins().toArray(String[]::new));
  }
}
