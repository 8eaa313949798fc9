package io.parley.command.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.command.CommandSideApplication;
import io.parley.command.admission.SendsRefused;
import io.parley.support.db.ModuleMigration;
import java.time.Clock;
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
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Node id leases against the real Postgres: the app leases one with no configuration, instances
 * sharing a database never hold the same id, and a dead instance's id comes back only after its
 * lease and the reuse gap ended. Each test leases from a database of its own, so ids are exact.
 */
@SpringBootTest(
    classes = CommandSideApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.NONE)
class NodeIdLeaseTest {
  static final Duration TTL = Duration.ofSeconds(30);
  static final Duration GAP = Duration.ofSeconds(60);

  @Autowired NodeId appNodeId;
  @Autowired JdbcTemplate appJdbc;

  @Value("${parley.db.url}")
  String url;

  @Value("${parley.db.user}")
  String user;

  @Value("${parley.db.password}")
  String password;

  JdbcTemplate jdbc;
  TransactionTemplate transactions;
  final AtomicLong nanos = new AtomicLong();
  final List<NodeIdLease> leases = new ArrayList<>();

  @BeforeEach
  void freshDatabase() {
    String name = "leases_" + UUID.randomUUID().toString().replace("-", "");
    appJdbc.execute("CREATE DATABASE " + name);
    DriverManagerDataSource dataSource =
        new DriverManagerDataSource(
            url.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1"), user, password);
    new ModuleMigration(dataSource, "command", "classpath:db/command").afterPropertiesSet();
    jdbc = new JdbcTemplate(dataSource);
    transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
  }

  @AfterEach
  void closeLeases() {
    leases.forEach(NodeIdLease::close);
  }

  /** An instance of the command side, as far as its lease goes; its clock moves only when told. */
  private NodeIdLease instance() {
    NodeIdLease lease = new NodeIdLease(jdbc, transactions, TTL, GAP, "test", nanos::get);
    leases.add(lease);
    lease.renew(); // the first renewal leases an id
    return lease;
  }

  private void endedAgo(NodeIdLease lease, Duration ago) {
    jdbc.update(
        "UPDATE node_id_leases SET expires_at = now() - make_interval(secs => ?) WHERE node_id = ?",
        ago.toSeconds(),
        lease.held());
  }

  @Test
  void theAppLeasesANodeIdWithoutConfiguration() {
    assertThat(appNodeId).isInstanceOf(NodeIdLease.class);
    int id = appNodeId.current();
    assertThat(
            appJdbc.queryForObject(
                "SELECT count(*) FROM node_id_leases WHERE node_id = ? AND expires_at > now()",
                Integer.class,
                id))
        .isEqualTo(1);
  }

  @Test
  void twoInstancesOnOnePostgresGetDifferentIds() {
    NodeIdLease first = instance();
    NodeIdLease second = instance();

    assertThat(first.current()).isZero();
    assertThat(second.current()).isEqualTo(1);
  }

  @Test
  void instancesStartingAtOnceAllGetDifferentIds() throws Exception {
    int count = 8;
    ExecutorService pool = Executors.newFixedThreadPool(count);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<NodeIdLease>> started = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      started.add(
          pool.submit(
              () -> {
                go.await();
                return instance();
              }));
    }
    go.countDown();
    Set<Integer> ids = new TreeSet<>();
    for (Future<NodeIdLease> lease : started) {
      ids.add(lease.get().current());
    }
    pool.shutdown();

    assertThat(ids).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
  }

  @Test
  void aDeadInstancesIdIsReusedOnlyAfterItsLeaseAndTheGapEnded() {
    NodeIdLease dead = instance(); // holds 0, then stops renewing without a word

    endedAgo(dead, GAP.minusSeconds(5));
    assertThat(instance().current()).as("expired, but within the gap").isEqualTo(1);

    endedAgo(dead, GAP.plusSeconds(1));
    assertThat(instance().current()).as("expired and past the gap").isZero();
  }

  @Test
  void anInstanceThatLostItsIdNeverMintsWithItAgain() {
    NodeIdLease paused = instance(); // 0
    endedAgo(paused, GAP.plusSeconds(1));
    NodeIdLease successor = instance(); // takes 0

    nanos.addAndGet(TTL.toNanos() + 1); // the paused instance wakes up past its deadline
    assertThatThrownBy(paused::current).isInstanceOf(SendsRefused.class);
    paused.renew(); // finds 0 taken and leases a new id
    successor.renew();

    assertThat(successor.current()).isZero();
    assertThat(paused.current()).isEqualTo(1);
  }

  @Test
  void anInstanceStopsMintingWhenItCannotRenewInTime() {
    NodeIdLease lease = instance();
    nanos.addAndGet(TTL.toNanos() - 1);
    assertThat(lease.current()).isZero();

    nanos.addAndGet(2); // no renewal got through for a whole ttl
    assertThatThrownBy(lease::current).isInstanceOf(SendsRefused.class);

    lease.renew();
    assertThat(lease.current()).isZero();
  }

  @Test
  void aReleasedIdStaysUnusedForTheGap() {
    NodeIdLease stopped = instance();
    stopped.close();

    assertThatThrownBy(stopped::current).isInstanceOf(SendsRefused.class);
    assertThat(instance().current()).isEqualTo(1);
  }

  @Test
  void messageIdsCarryTheNodeId() {
    MessageIds ids = new MessageIds(Clock.systemUTC(), NodeId.fixed(5));
    long first = ids.next();
    long second = ids.next();

    assertThat((first >> 12) & 1023).isEqualTo(5);
    assertThat(second).isGreaterThan(first);
    assertThatThrownBy(() -> NodeId.fixed(1024)).isInstanceOf(IllegalArgumentException.class);
  }
}
