package io.parley.bench.raw;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.embedded.EmbeddedWebServerFactoryCustomizerAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.autoconfigure.websocket.servlet.WebSocketServletAutoConfiguration;
import org.springframework.boot.env.EnvironmentPostProcessorApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/**
 * The delivery ceiling: the app's web stack (Spring Boot, embedded Tomcat, spring-websocket) with
 * no application logic. Clients identify and heartbeat as on the gateway; {@code POST /raw/send}
 * writes a given frame to the named sockets (or all). Only the listed auto-configurations load, so
 * none of Parley's (stores, Axon) do. Run in its own process: {@code RawRelayServer <port>}.
 */
@SpringBootConfiguration
@EnableWebSocket
@ImportAutoConfiguration({
  PropertyPlaceholderAutoConfiguration.class,
  ServletWebServerFactoryAutoConfiguration.class,
  EmbeddedWebServerFactoryCustomizerAutoConfiguration.class, // server.tomcat.* properties
  DispatcherServletAutoConfiguration.class,
  WebMvcAutoConfiguration.class,
  HttpMessageConvertersAutoConfiguration.class,
  JacksonAutoConfiguration.class,
  WebSocketServletAutoConfiguration.class
})
public class RawRelayServer implements WebSocketConfigurer {
  private final RawRelayHandler handler = new RawRelayHandler();

  public static void main(String[] args) {
    SpringApplication app = new SpringApplication(RawRelayServer.class);
    app.setDefaultProperties(
        java.util.Map.of(
            "server.port",
            args.length > 0 ? args[0] : "0",
            "spring.main.banner-mode",
            "off",
            // As many sockets as the idle scenario holds (Tomcat's default is 8,192).
            "server.tomcat.max-connections",
            "19000"));
    // No environment post-processors: Parley's (store checks, local stores, socket buffers) are on
    // this classpath but have nothing to do with a relay, which keeps Tomcat's defaults.
    app.setListeners(
        app.getListeners().stream()
            .filter(listener -> !(listener instanceof EnvironmentPostProcessorApplicationListener))
            .toList());
    app.run(args.length > 1 ? java.util.Arrays.copyOfRange(args, 1, args.length) : new String[0]);
    System.out.println("raw relay ready");
  }

  @Bean
  RawRelayHandler rawRelayHandler() {
    return handler;
  }

  @Bean
  RawRelayController rawRelayController() {
    return new RawRelayController(handler);
  }

  @Override
  public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
    registry.addHandler(handler, "/ws").setAllowedOrigins("*");
  }
}
