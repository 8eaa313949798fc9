package io.parley.standalone;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * All of Parley in one JVM on one port: the command side, the query side, the WebSocket gateway and
 * the browser client, on the configured stores or on embedded ones under the data directory.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(
    basePackages = {
      "io.parley.command",
      "io.parley.query",
      "io.parley.push",
      "io.parley.standalone"
    },
    excludeFilters =
        @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootApplication.class))
public class StandaloneApplication {
  public static void main(String[] args) {
    failFastIfPortTaken();
    SpringApplication app = new SpringApplication(StandaloneApplication.class);
    app.setDefaultProperties(Map.of("spring.config.name", "standalone"));
    app.run(args);
  }

  /** Checked before the stores start, so a taken port costs a second, not a full start-up. */
  private static void failFastIfPortTaken() {
    String configured = System.getenv().getOrDefault("PARLEY_PORT", "8080");
    int port;
    try {
      port = Integer.parseInt(configured.trim());
    } catch (NumberFormatException e) {
      System.err.println("PARLEY_PORT must be a port number, was '" + configured + "'.");
      System.exit(2);
      return;
    }
    if (port == 0) {
      return;
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(port));
    } catch (IOException e) {
      System.err.println(
          "Port "
              + port
              + " is already in use. Stop the process using it, or choose another port with"
              + " PARLEY_PORT=<port>.");
      System.exit(2);
    }
  }
}
