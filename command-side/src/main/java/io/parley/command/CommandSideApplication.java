package io.parley.command;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The write side on its own: aggregates and the REST endpoints that accept mutations. */
@SpringBootApplication
public class CommandSideApplication {
  public static void main(String[] args) {
    SpringApplication app = new SpringApplication(CommandSideApplication.class);
    app.setDefaultProperties(java.util.Map.of("spring.config.name", "command-side"));
    app.run(args);
  }
}
