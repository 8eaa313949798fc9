package io.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.infra.stores.EmbeddedPostgresStore;
import io.parley.infra.stores.LocalStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay benchmark at a tiny size, so the harness never rots: it must finish with every
 * processor back at the head and the timeline consistent with the log. Speed is not asserted.
 */
class ReplayBenchSmokeIT {
  /** Enough for every processor to take several batches; each event costs CI time. */
  static final int EVENTS = 1000;

  @TempDir static Path dataDir;

  @AfterAll
  static void stopStores() {
    LocalStores.stopAll();
  }

  @Test
  void aSmallGeneratedLogIsRebuiltCompletelyAndTheTimelineVerifiesConsistent() throws Exception {
    Path jar = Path.of(System.getProperty("parley.standalone.jar"));
    ReplayBenchmark.Result result =
        new ReplayBenchmark(
                new ReplayBenchmark.Options(
                    EVENTS, List.of("configured"), jar, dataDir, 0.5, false, Duration.ofMinutes(4)))
            .run();

    assertThat(result.log().events()).isGreaterThanOrEqualTo(EVENTS);
    assertThat(result.log().messages()).isPositive();
    ReplayBenchmark.ProfileResult run = result.profiles().get(0);
    assertThat(run.replay().events()).isGreaterThanOrEqualTo(result.log().events());
    assertThat(run.verifyConsistent()).as(run.verifyReport().toString()).isTrue();
    // Every message row, and each conversation's head.
    assertThat(run.verifyChecked())
        .isEqualTo(result.log().messages() + result.log().conversations());
    assertThat(result.rawCql().rows()).isPositive();
    assertThat(result.rawPostgres().rows()).isPositive();

    Path out = dataDir.resolve("perf");
    ReplayReport.write(result, "replay --events " + EVENTS, out);
    assertThat(Files.readString(out.resolve("replay.md"))).contains("consistent");
    assertThat(out.resolve("replay.json")).exists();
  }

  @Test
  void theGeneratedLogHasConsecutiveSequencesPerAggregateAndGapFreeMessageSeqs() throws Exception {
    EmbeddedPostgresStore postgres = LocalStores.postgres(dataDir);
    org.postgresql.ds.PGSimpleDataSource dataSource = new org.postgresql.ds.PGSimpleDataSource();
    dataSource.setUrl(postgres.jdbcUrl());
    dataSource.setUser(EmbeddedPostgresStore.USER);
    dataSource.setPassword(postgres.password());
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA IF NOT EXISTS generator_check");
    }
    String url = postgres.jdbcUrl() + (postgres.jdbcUrl().contains("?") ? "&" : "?");
    dataSource.setUrl(url + "currentSchema=generator_check");
    new io.parley.support.db.ModuleMigration(dataSource, "axon", "classpath:db/axon")
        .afterPropertiesSet();

    EventLogGenerator.Log log = new EventLogGenerator(7).generate(dataSource, 5000);

    try (Connection connection =
            DriverManager.getConnection(
                url + "currentSchema=generator_check",
                EmbeddedPostgresStore.USER,
                postgres.password());
        Statement statement = connection.createStatement()) {
      assertThat(count(statement, "SELECT count(*) FROM domainevententry")).isEqualTo(log.events());
      assertThat(
              count(
                  statement,
                  "SELECT count(*) FROM (SELECT aggregateidentifier FROM domainevententry"
                      + " WHERE type IS NOT NULL GROUP BY aggregateidentifier"
                      + " HAVING count(*) <> max(sequencenumber) + 1 OR min(sequencenumber) <> 0)"
                      + " broken"))
          .isZero();
      assertThat(
              count(
                  statement,
                  "SELECT count(*) FROM (SELECT convert_from(payload, 'UTF8')::json->>'conversationId'"
                      + " AS c, count(*) AS n,"
                      + " max((convert_from(payload, 'UTF8')::json->>'seq')::bigint) AS top"
                      + " FROM domainevententry WHERE payloadtype LIKE '%.MessageSentEvent'"
                      + " GROUP BY 1) per WHERE n <> top"))
          .isZero();
      assertThat(
              count(
                  statement,
                  "SELECT count(*) FROM domainevententry WHERE payloadrevision = '2'"
                      + " AND payloadtype = 'io.parley.events.account.DisplayNameChangedEvent'"))
          .isPositive();
    }
  }

  private static long count(Statement statement, String sql) throws Exception {
    try (ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
