package io.parley.support.axon;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The transactions of a read model's processor commit without waiting for their WAL to reach the
 * disk (Postgres {@code SET LOCAL synchronous_commit = off}, docs/adr/0211). A read model and its
 * position are derived from the event log, which still commits durably: a crash can take back the
 * last few hundred milliseconds of a processor's commits, rows and position together (Postgres
 * keeps an asynchronous commit atomic and in log order), and the processor then handles those
 * events again, as it does after any restart. Nothing acknowledged depends on them: an event is
 * durable before a processor can read it, and a commit is visible to other sessions at once, so the
 * read barrier's positions mean what they meant.
 *
 * <p>Only a transaction this manager starts is changed; one that joins a transaction already open
 * on the thread (a command's) keeps its durability. On by default; {@code
 * parley.processors.unflushed-commits=false} turns it off for every group.
 */
public final class UnflushedCommits implements TransactionManager {
  static final String STATEMENT = "SET LOCAL synchronous_commit = off";

  private final TransactionManager delegate;
  private final DataSource dataSource;

  public UnflushedCommits(TransactionManager delegate, DataSource dataSource) {
    this.delegate = delegate;
    this.dataSource = dataSource;
  }

  /** Gives each of {@code groups} this transaction manager, unless the setting turns it off. */
  public static void register(
      EventProcessingConfigurer processing,
      Environment environment,
      TransactionManager transactions,
      DataSource dataSource,
      String... groups) {
    if (!environment.getProperty("parley.processors.unflushed-commits", Boolean.class, true)) {
      return;
    }
    UnflushedCommits manager = new UnflushedCommits(transactions, dataSource);
    for (String group : groups) {
      processing.registerTransactionManager(group, config -> manager);
    }
  }

  @Override
  public Transaction startTransaction() {
    boolean joining = TransactionSynchronizationManager.isActualTransactionActive();
    Transaction transaction = delegate.startTransaction();
    if (!joining && TransactionSynchronizationManager.isActualTransactionActive()) {
      try {
        unflushed();
      } catch (SQLException | RuntimeException e) {
        transaction.rollback();
        throw new IllegalStateException("Could not start a processor transaction", e);
      }
    }
    return transaction;
  }

  private void unflushed() throws SQLException {
    Connection connection = DataSourceUtils.getConnection(dataSource);
    try (Statement statement = connection.createStatement()) {
      statement.execute(STATEMENT);
    } finally {
      DataSourceUtils.releaseConnection(connection, dataSource);
    }
  }
}
