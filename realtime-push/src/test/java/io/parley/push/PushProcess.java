package io.parley.push;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A further push process on the tests' stores: a separate application context on a port of its own,
 * with its own event store instance, as a second instance of the service is.
 *
 * <p>It keeps the production identify timeout (10 s). The tests' 1 s is there so that timeouts can
 * be observed in the shared context; a process just started, in a JVM that runs several, can take
 * longer than that to handle its first frames (and closed the socket with 4001 before `ready`).
 */
final class PushProcess {
  private PushProcess() {}

  static ConfigurableApplicationContext start(String... properties) {
    List<String> all =
        new ArrayList<>(List.of("server.port=0", "parley.gateway.identify-timeout=10s"));
    all.addAll(List.of(properties));
    return new SpringApplicationBuilder(RealtimePushApplication.class)
        .properties(all.toArray(String[]::new))
        .run();
  }

  static int port(ConfigurableApplicationContext process) {
    return ((ServletWebServerApplicationContext) process).getWebServer().getPort();
  }
}
