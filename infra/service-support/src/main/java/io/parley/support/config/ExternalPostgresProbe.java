package io.parley.support.config;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * When Postgres is configured (not embedded), connects to it once before anything else starts, so a
 * wrong address or password fails start-up within seconds with one line, instead of after the other
 * stores and the whole context have come up.
 */
public class ExternalPostgresProbe implements EnvironmentPostProcessor, Ordered {
  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    String url = environment.getProperty("parley.db.url");
    if (url == null
        || !url.startsWith("jdbc:postgresql:")
        || !environment.getProperty("parley.db.probe", Boolean.class, true)) {
      return;
    }
    Properties properties = new Properties();
    properties.setProperty("user", environment.getProperty("parley.db.user", "postgres"));
    properties.setProperty("password", environment.getProperty("parley.db.password", ""));
    properties.setProperty("connectTimeout", "5");
    properties.setProperty("loginTimeout", "10");
    try (Connection ignored = DriverManager.getConnection(url, properties)) {
      // reachable and the credentials work
    } catch (SQLException e) {
      throw new StoreMisconfiguredException(
          "Postgres",
          "Postgres cannot be reached: " + e.getMessage(),
          "Check that Postgres runs and that PARLEY_DB_URL, PARLEY_DB_USER and"
              + " PARLEY_DB_PASSWORD are right.",
          e);
    }
  }

  @Override
  public int getOrder() {
    // before the local stores start anything
    return Ordered.LOWEST_PRECEDENCE - 150;
  }
}
