package io.parley.infra.stores;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Supplies a Postgres and a CQL node when the configuration names none and {@code
 * parley.local-stores.enabled} is true (the standalone app and the test suites set it). With {@code
 * parley.local-stores.ephemeral=true} the data lives in a temporary directory.
 */
public class LocalStoresEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {
  static final String SOURCE_NAME = "parleyLocalStores";

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    if (!environment.getProperty("parley.local-stores.enabled", Boolean.class, false)) {
      return;
    }
    Path dataDir =
        environment.getProperty("parley.local-stores.ephemeral", Boolean.class, false)
            ? LocalStores.ephemeralDataDir()
            : Path.of(environment.getProperty("parley.data-dir", ".parley")).toAbsolutePath();

    LocalStores.stopAfterSpringContexts(application);
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("parley.data-dir", dataDir.toString());
    boolean cqlWanted = environment.getProperty("parley.cql.enabled", Boolean.class, false);
    if (cqlWanted && !environment.containsProperty("parley.cql.contact-points")) {
      // Launched first and not waited for here: the node starts while Postgres and then the
      // application context do, and only the CQL session waits for it (docs/adr/0215).
      LocalCqlNode node = LocalStores.cqlStarting(dataDir);
      properties.put("parley.cql.contact-points", node.contactPoint());
      properties.put("parley.cql.datacenter", "datacenter1");
      application.addInitializers(
          context -> context.getBeanFactory().addBeanPostProcessor(new CqlNodeReadiness(node)));
    }
    if (!environment.containsProperty("parley.db.url")) {
      EmbeddedPostgresStore postgres = LocalStores.postgres(dataDir);
      properties.putAll(postgres.connectionProperties(postgres.jdbcUrl()));
    }
    environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, properties));
  }

  @Override
  public int getOrder() {
    // after the config files are read (ConfigDataEnvironmentPostProcessor), so they can switch us
    // on
    return Ordered.LOWEST_PRECEDENCE - 100;
  }
}
