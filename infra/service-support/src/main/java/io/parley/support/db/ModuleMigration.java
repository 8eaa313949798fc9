package io.parley.support.db;

import io.parley.support.config.StoreMisconfiguredException;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.springframework.beans.factory.InitializingBean;

/**
 * Applies one module's Flyway migrations with a history table of its own, so modules can share a
 * database (standalone) or have their own, and never collide on version numbers.
 */
public class ModuleMigration implements InitializingBean {
  private final DataSource dataSource;
  private final String module;
  private final String location;

  public ModuleMigration(DataSource dataSource, String module, String location) {
    this.dataSource = dataSource;
    this.module = module;
    this.location = location;
  }

  @Override
  public void afterPropertiesSet() {
    try {
      Flyway.configure()
          .dataSource(dataSource)
          .locations(location)
          .table("flyway_history_" + module)
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .load()
          .migrate();
    } catch (FlywayException e) {
      SQLException sql = connectionFailure(e);
      if (sql != null) {
        throw new StoreMisconfiguredException(
            "Postgres",
            "Postgres cannot be reached: " + sql.getMessage(),
            "Check that Postgres runs and that PARLEY_DB_URL, PARLEY_DB_USER and"
                + " PARLEY_DB_PASSWORD are right.",
            e);
      }
      throw e;
    }
  }

  public String module() {
    return module;
  }

  /** The deepest SQL error saying the server cannot be reached or refused us, if any. */
  private static SQLException connectionFailure(Throwable e) {
    SQLException found = null;
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof SQLException sql && isConnectionFailure(sql)) {
        found = sql;
      }
    }
    return found;
  }

  private static boolean isConnectionFailure(SQLException e) {
    String state = e.getSQLState();
    return state != null
        && (state.startsWith("08") || state.startsWith("28") || state.equals("3D000"));
  }
}
