package io.parley.push.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * The per-connection buffers of the web server, sized for many idle sockets (docs/adr/0071). An
 * upgraded Tomcat socket holds its NIO read and write buffers and, in the WebSocket layer, an
 * input, an output and an encoder buffer of {@code org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE}
 * plus binary and text message buffers of the container's maximum message sizes: 8 KiB each by
 * default, about 72 KiB per socket. Parley's frames are small and the gateway takes text in parts
 * (it enforces its own frame limit), so smaller buffers cost only a few more reads and writes for a
 * large frame. {@code parley.web.socket-buffer-bytes} (default 2048) sets them all; an explicit
 * {@code -Dorg.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE} wins.
 */
public final class SocketBuffers implements EnvironmentPostProcessor {
  static final String PROPERTY = "parley.web.socket-buffer-bytes";
  static final String TOMCAT_WEBSOCKET = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";
  static final int DEFAULT_BYTES = 2048;

  /**
   * Tomcat reads the WebSocket size once, when its constants load with the web server: the
   * environment is ready before that, so it is set here, as a system property.
   */
  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    if (System.getProperty(TOMCAT_WEBSOCKET) == null) {
      System.setProperty(TOMCAT_WEBSOCKET, String.valueOf(bytes(environment)));
    }
  }

  static int bytes(Environment environment) {
    int bytes = environment.getProperty(PROPERTY, Integer.class, DEFAULT_BYTES);
    if (bytes < 256) {
      throw new IllegalArgumentException(PROPERTY + " must be at least 256, not " + bytes);
    }
    return bytes;
  }

  /** The NIO buffers every connection (HTTP or upgraded) holds. */
  static WebServerFactoryCustomizer<TomcatServletWebServerFactory> tomcat(Environment environment) {
    String bytes = String.valueOf(bytes(environment));
    return factory ->
        factory.addConnectorCustomizers(
            connector -> {
              connector.setProperty("socket.appReadBufSize", bytes);
              connector.setProperty("socket.appWriteBufSize", bytes);
            });
  }
}
