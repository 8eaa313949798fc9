package io.parley.query.cql;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.cql.Row;
import io.parley.query.ProjectionTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Query-side instances starting at once against a fresh keyspace, each through the real start-up
 * path ({@link CqlConfiguration#cqlSession}) with its own CQL session, on the local CQL node and
 * the shared Postgres: all start, and the keyspace ends with one complete schema.
 */
@ProjectionTest
class CqlSchemaConcurrencyTest {
  static final String REPLICATION = "{'class': 'SimpleStrategy', 'replication_factor': 1}";

  @Autowired DataSource dataSource;
  @Autowired CqlSession shared;

  @Value("${parley.cql.contact-points}")
  String contactPoints;

  final String keyspace =
      "schema_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
  final List<CqlSession> sessions = new ArrayList<>();

  @AfterEach
  void dropKeyspace() {
    sessions.forEach(CqlSession::close);
    shared.execute("DROP KEYSPACE IF EXISTS " + keyspace);
  }

  private CqlSession start() {
    CqlSession session =
        new CqlConfiguration()
            .cqlSession(contactPoints, "datacenter1", keyspace, REPLICATION, dataSource);
    synchronized (sessions) {
      sessions.add(session);
    }
    return session;
  }

  private Set<String> columns(String table) {
    Set<String> names = new TreeSet<>();
    shared
        .execute(
            "SELECT column_name FROM system_schema.columns WHERE keyspace_name = ? AND table_name"
                + " = ?",
            keyspace,
            table)
        .forEach(r -> names.add(r.getString(0)));
    return names;
  }

  private Set<Integer> recordedVersions() {
    Set<Integer> versions = new TreeSet<>();
    shared
        .execute("SELECT version FROM " + keyspace + ".cql_schema_version")
        .forEach(r -> versions.add(r.getInt(0)));
    return versions;
  }

  @Test
  void aLostNodeIsTriedAgainWithinTwoSeconds() {
    assertThat(
            shared
                .getContext()
                .getConfig()
                .getDefaultProfile()
                .getDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY))
        .isEqualTo(CqlConfiguration.RECONNECT_AT_MOST)
        .isLessThanOrEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void instancesStartingAtOnceEndWithOneCompleteSchema() throws Exception {
    int instances = 4;
    ExecutorService pool = Executors.newFixedThreadPool(instances);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<CqlSession>> started = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      started.add(
          pool.submit(
              () -> {
                go.await();
                return start();
              }));
    }
    go.countDown();
    for (Future<CqlSession> session : started) {
      session.get(); // rethrows any instance's start-up failure
    }
    pool.shutdown();

    assertThat(columns("messages_by_conversation"))
        .contains(
            "reactions", "attachments", "mentions", "mentions_everyone", "body", "ciphertext");
    assertThat(columns("reactions_by_message")).contains("emoji", "user_id");
    assertThat(recordedVersions()).containsExactly(1, 2, 3, 5, 6);
    List<Row> tables =
        shared
            .execute(
                "SELECT id FROM system_schema.tables WHERE keyspace_name = ? AND table_name = ?",
                keyspace,
                "messages_by_conversation")
            .all();
    assertThat(tables).hasSize(1);
    assertThat(shared.checkSchemaAgreement()).isTrue();
  }

  @Test
  void aStartThatDiedBeforeRecordingAChangeFinishesOnTheNextStart() {
    start();
    // as if an instance had added the column of V003 and died before recording it
    shared.execute("DELETE FROM " + keyspace + ".cql_schema_version WHERE version = 3");

    start();

    assertThat(recordedVersions()).containsExactly(1, 2, 3, 5, 6);
    assertThat(columns("messages_by_conversation")).contains("attachments");
  }

  @Test
  void anInstanceWaitsForTheOneHoldingTheSchemaLock() throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    Future<?> holder =
        pool.submit(
            () ->
                CqlSchemaLock.postgres(dataSource)
                    .holding(
                        keyspace,
                        () -> {
                          holding.countDown();
                          await(release);
                        }));
    holding.await();
    Future<CqlSession> waiting = pool.submit(this::start);
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    while (jdbc.queryForObject(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
            Integer.class)
        == 0) {
      assertThat(waiting).as("blocked on the lock, not failed").isNotDone();
      Thread.sleep(20);
    }

    assertThat(
            shared
                .execute(
                    "SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?",
                    keyspace)
                .one())
        .as("nothing applied while another instance holds the lock")
        .isNull();
    release.countDown();
    holder.get();
    waiting.get();
    pool.shutdown();
    assertThat(recordedVersions()).containsExactly(1, 2, 3, 5, 6);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
