package io.parley.support.axon;

import static org.assertj.core.api.Assertions.assertThat;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** A processor's own transactions commit unflushed; one it joins keeps the outer durability. */
class UnflushedCommitsTest {
  @RegisterExtension static final AxonTestDatabase DB = new AxonTestDatabase();

  private String mode(JdbcTemplate jdbc) {
    return jdbc.queryForObject("SHOW synchronous_commit", String.class);
  }

  @Test
  void aTransactionItStartsCommitsUnflushedAndOnlyThatOne() {
    JdbcTemplate jdbc = new JdbcTemplate(DB.dataSource());
    TransactionManager plain = DB.transactions();
    UnflushedCommits unflushed = new UnflushedCommits(plain, DB.dataSource());

    Transaction tx = unflushed.startTransaction();
    String inside = mode(jdbc);
    jdbc.execute("CREATE TABLE IF NOT EXISTS unflushed_probe (n int)");
    jdbc.update("INSERT INTO unflushed_probe VALUES (1)");
    tx.commit();
    assertThat(inside).isEqualTo("off");
    assertThat(jdbc.queryForObject("SELECT count(*) FROM unflushed_probe", Integer.class))
        .isEqualTo(1);

    // SET LOCAL ends with its transaction: the pooled connection's next user commits durably.
    Transaction next = plain.startTransaction();
    assertThat(mode(jdbc)).isEqualTo("on");
    next.commit();
  }

  @Test
  void aTransactionItJoinsKeepsItsDurability() {
    JdbcTemplate jdbc = new JdbcTemplate(DB.dataSource());
    UnflushedCommits unflushed = new UnflushedCommits(DB.transactions(), DB.dataSource());
    String joined =
        new TransactionTemplate(new DataSourceTransactionManager(DB.dataSource()))
            .execute(
                status -> {
                  Transaction tx = unflushed.startTransaction();
                  String mode = mode(jdbc);
                  tx.commit();
                  return mode;
                });
    assertThat(joined).isEqualTo("on");
  }

  @Test
  void aFailedStartRollsBackAndSaysSo() {
    Transaction[] started = new Transaction[1];
    boolean[] rolledBack = {false};
    TransactionManager opens =
        () -> {
          started[0] = DB.transactions().startTransaction();
          return new Transaction() {
            @Override
            public void commit() {
              started[0].commit();
            }

            @Override
            public void rollback() {
              rolledBack[0] = true;
              started[0].rollback();
            }
          };
        };
    // A DataSource other than the transaction's: the SET goes to a closed pool and fails.
    com.zaxxer.hikari.HikariDataSource closed = new com.zaxxer.hikari.HikariDataSource();
    closed.setJdbcUrl(DB.dataSource().getJdbcUrl());
    closed.close();
    UnflushedCommits unflushed = new UnflushedCommits(opens, closed);
    org.assertj.core.api.Assertions.assertThatThrownBy(unflushed::startTransaction)
        .isInstanceOf(IllegalStateException.class);
    assertThat(rolledBack[0]).isTrue();
  }
}
