package io.parley.query.cql;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Applies {@code classpath:cql/V<n>__<name>.cql} files in order, once each, recording them in
 * {@code cql_schema_version}. Statements in a file are separated by semicolons at line ends.
 *
 * <p>N instances may start at once (docs/adr/0171): the whole run holds {@link CqlSchemaLock}, so
 * one applies the files and the others then find them recorded. Every step is also idempotent on
 * its own ({@code IF NOT EXISTS}, and {@code ALTER TABLE ... ADD} skipped when the column exists),
 * so a run that died between a change and its record finishes on the next start.
 */
final class CqlSchema {
  private static final Logger log = LoggerFactory.getLogger(CqlSchema.class);
  private static final Pattern ADD_COLUMN =
      Pattern.compile("(?is)ALTER\\s+TABLE\\s+(\\w+)\\s+ADD\\s+(?!\\()(\\w+)\\s+[^,]+");

  private final CqlSession session;
  private final String keyspace;
  private final String replication;
  private final CqlSchemaLock lock;

  CqlSchema(CqlSession session, String keyspace, String replication, CqlSchemaLock lock) {
    this.session = session;
    this.keyspace = keyspace;
    this.replication = replication;
    this.lock = lock;
  }

  void apply() {
    lock.holding(keyspace, this::applyLocked);
  }

  private void applyLocked() {
    session.execute(
        ddl("CREATE KEYSPACE IF NOT EXISTS " + keyspace + " WITH replication = " + replication));
    session.execute("USE " + keyspace);
    session.execute(
        ddl(
            "CREATE TABLE IF NOT EXISTS cql_schema_version (version int PRIMARY KEY, name text,"
                + " applied_at timestamp)"));
    Set<Integer> applied = new HashSet<>();
    session
        .execute("SELECT version FROM cql_schema_version")
        .forEach(r -> applied.add(r.getInt(0)));
    for (Resource file : files()) {
      String name = file.getFilename();
      int version = Integer.parseInt(name.substring(1, name.indexOf("__")));
      if (applied.contains(version)) {
        continue;
      }
      for (String statement : statements(file)) {
        if (alreadyApplied(statement)) {
          log.info("CQL schema {}: already applied, skipped: {}", name, statement);
          continue;
        }
        session.execute(ddl(statement));
      }
      session.execute(
          SimpleStatement.newInstance(
              "INSERT INTO cql_schema_version (version, name, applied_at) VALUES (?, ?, ?)",
              version,
              name,
              Instant.now()));
      log.info("Applied CQL schema {}", name);
    }
  }

  /**
   * An {@code ALTER TABLE t ADD c type} whose column is there already (CQL has no IF NOT EXISTS).
   */
  private boolean alreadyApplied(String statement) {
    Matcher add = ADD_COLUMN.matcher(statement);
    if (!add.matches()) {
      return false;
    }
    return session
            .execute(
                SimpleStatement.newInstance(
                    "SELECT column_name FROM system_schema.columns WHERE keyspace_name = ? AND"
                        + " table_name = ? AND column_name = ?",
                    keyspace.toLowerCase(Locale.ROOT),
                    add.group(1).toLowerCase(Locale.ROOT),
                    add.group(2).toLowerCase(Locale.ROOT)))
            .one()
        != null;
  }

  private static SimpleStatement ddl(String cql) {
    return SimpleStatement.newInstance(cql).setTimeout(java.time.Duration.ofSeconds(30));
  }

  private static Resource[] files() {
    try {
      Resource[] files =
          new PathMatchingResourcePatternResolver().getResources("classpath*:cql/V*__*.cql");
      Arrays.sort(
          files,
          Comparator.comparingInt(
              f -> Integer.parseInt(f.getFilename().substring(1, f.getFilename().indexOf("__")))));
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String[] statements(Resource file) {
    try {
      String text = new String(file.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return Arrays.stream(text.replaceAll("(?m)^\\s*--.*$", "").split(";\\s*(\\n|$)"))
          .map(String::trim)
          .filter(s -> !s.isEmpty())
          .toArray(String[]::new);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
