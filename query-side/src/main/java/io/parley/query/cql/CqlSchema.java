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
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Applies {@code classpath:cql/V<n>__<name>.cql} files in order, once each, recording them in
 * {@code cql_schema_version}. Statements in a file are separated by semicolons at line ends.
 */
final class CqlSchema {
  private static final Logger log = LoggerFactory.getLogger(CqlSchema.class);

  private final CqlSession session;
  private final String keyspace;
  private final String replication;

  CqlSchema(CqlSession session, String keyspace, String replication) {
    this.session = session;
    this.keyspace = keyspace;
    this.replication = replication;
  }

  void apply() {
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
