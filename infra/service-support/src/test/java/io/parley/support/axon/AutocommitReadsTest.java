package io.parley.support.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The event storage engine wired as the services wire it (Spring's transactions, Axon's Spring
 * connection provider) on the real Postgres: reads of the log outside a transaction start none,
 * while appends and the reads inside a command's transaction stay in that transaction.
 */
class AutocommitReadsTest {
  @RegisterExtension static final AxonTestDatabase database = new AxonTestDatabase();

  /** Spring's transaction manager, counting the transactions asked of it. */
  static final class Counting extends DataSourceTransactionManager {
    final AtomicInteger begun = new AtomicInteger();

    Counting() {
      super(database.dataSource());
    }

    @Override
    protected void doBegin(Object transaction, TransactionDefinition definition) {
      begun.incrementAndGet();
      super.doBegin(transaction, definition);
    }
  }

  @Test
  void readingTheLogOutsideATransactionStartsNone() {
    Counting transactions = new Counting();
    JdbcEventStorageEngine engine = engine(transactions);
    String aggregate = UUID.randomUUID().toString();
    new TransactionTemplate(transactions)
        .executeWithoutResult(
            status -> engine.appendEvents(event(aggregate, 0), event(aggregate, 1)));
    transactions.begun.set(0);

    assertThat(engine.readEvents(aggregate).asStream().count()).isEqualTo(2);
    assertThat(engine.readEvents(engine.createTailToken(), false).count())
        .isGreaterThanOrEqualTo(2);
    assertThat(engine.lastSequenceNumberFor(aggregate)).contains(1L);

    assertThat(transactions.begun).as("transactions begun for reads").hasValue(0);
  }

  @Test
  void appendsAndTheReadsOfATransactionStayInIt() {
    Counting transactions = new Counting();
    JdbcEventStorageEngine engine = engine(transactions);
    String aggregate = UUID.randomUUID().toString();

    TransactionTemplate template = new TransactionTemplate(transactions);
    List<Long> seenInside =
        template.execute(
            status -> {
              engine.appendEvents(event(aggregate, 0));
              List<Long> seen = sequences(engine, aggregate); // its own uncommitted append
              status.setRollbackOnly();
              return seen;
            });

    assertThat(seenInside).containsExactly(0L);
    assertThat(sequences(engine, aggregate)).as("rolled back with its transaction").isEmpty();
  }

  private static List<Long> sequences(JdbcEventStorageEngine engine, String aggregate) {
    return engine
        .readEvents(aggregate)
        .asStream()
        .map(DomainEventMessage::getSequenceNumber)
        .collect(Collectors.toList());
  }

  private static DomainEventMessage<String> event(String aggregate, long sequence) {
    return new GenericDomainEventMessage<>("Probe", aggregate, sequence, "appended");
  }

  private static JdbcEventStorageEngine engine(Counting transactions) {
    JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
    return JdbcEventStorageEngine.builder()
        .connectionProvider(new SpringDataSourceConnectionProvider(database.dataSource()))
        .transactionManager(new AutocommitReads(new SpringTransactionManager(transactions)))
        .eventSerializer(serializer)
        .snapshotSerializer(serializer)
        .persistenceExceptionResolver(JdbcEventStoreConfiguration::isUniqueViolation)
        .build();
  }
}
