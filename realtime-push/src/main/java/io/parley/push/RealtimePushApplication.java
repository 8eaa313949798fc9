package io.parley.push;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The WebSocket gateway on its own. */
@SpringBootApplication
public class RealtimePushApplication {
  public static void main(String[] args) {
    SpringApplication app = new SpringApplication(RealtimePushApplication.class);
    app.setDefaultProperties(java.util.Map.of("spring.config.name", "realtime-push"));
    app.run(args);
  }
}
