package io.parley.support.config;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Fails start-up at once, with one clear message, when a store the service needs is not configured,
 * instead of an unresolvable placeholder deep inside the context.
 */
public class StoreConfigurationCheck implements EnvironmentPostProcessor, Ordered {
  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    if (!environment.containsProperty("parley.db.url")) {
      throw new StoreMisconfiguredException(
          "Postgres",
          "No Postgres is configured.",
          "Set PARLEY_DB_URL (a jdbc:postgresql:// URL), PARLEY_DB_USER and PARLEY_DB_PASSWORD,"
              + " or run the standalone app, which starts an embedded Postgres.");
    }
    String url = environment.getProperty("parley.db.url", "");
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new StoreMisconfiguredException(
          "Postgres",
          "PARLEY_DB_URL is not a Postgres JDBC URL: '" + url + "'.",
          "Use the form jdbc:postgresql://HOST:PORT/DATABASE.");
    }
    if (environment.getProperty("parley.cql.enabled", Boolean.class, false)
        && !environment.containsProperty("parley.cql.contact-points")) {
      throw new StoreMisconfiguredException(
          "CQL",
          "No CQL store (ScyllaDB or Cassandra) is configured.",
          "Set PARLEY_CQL_CONTACT_POINTS (host:port[,host:port]), PARLEY_CQL_KEYSPACE and"
              + " PARLEY_CQL_DATACENTER, or run the standalone app, which starts a local node.");
    }
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE - 50;
  }
}
