package io.parley.support.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds {@code parley-defaults.properties} below every other source of configuration, and above it
 * {@code parley-axonserver.properties} when the {@code axonserver} profile is active.
 */
public class ParleyDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {
  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    if (environment.getPropertySources().contains("parleyDefaults")) {
      return;
    }
    // Axon reads these as JVM system properties; set them unless the operator did.
    System.setProperty(
        "disable-axoniq-console-message",
        System.getProperty("disable-axoniq-console-message", "true"));
    System.setProperty(
        "axoniq.update-check.disabled", System.getProperty("axoniq.update-check.disabled", "true"));
    if (environment.matchesProfiles("axonserver")) {
      add(environment, "parleyAxonServer", "parley-axonserver.properties");
    }
    add(environment, "parleyDefaults", "parley-defaults.properties");
  }

  private static void add(ConfigurableEnvironment environment, String name, String resource) {
    try {
      for (PropertySource<?> source :
          new PropertiesPropertySourceLoader().load(name, new ClassPathResource(resource))) {
        environment.getPropertySources().addLast(source);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
