package io.parley.command.cluster;

import java.lang.reflect.Field;
import java.util.Objects;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Orders the commands of one aggregate across command-side processes on the JDBC event store
 * (docs/adr/0208), as Axon's per-aggregate lock orders them within one process. Before the handler
 * loads the aggregate, its transaction takes a Postgres advisory lock on the aggregate's id, held
 * until it commits or rolls back, and reads the last sequence number stored for it ({@code
 * parley_lock_aggregate}, Flyway {@code db/command/V35}). A cached copy that another process has
 * overtaken is dropped, so the handler loads the current state and its append cannot collide.
 *
 * <p>Only a command whose dispatch owns its transaction is locked ({@link
 * ConflictRetryingCommandGateway} says so through {@link #markOwnedDispatch}): a command sent
 * inside a caller's transaction may be one of several aggregates that transaction touches, and
 * locking them in whatever order the flows choose could deadlock; those flows repeat their whole
 * transaction on a conflict instead.
 */
final class AggregateLocks implements MessageHandlerInterceptor<CommandMessage<?>> {
  private static final ThreadLocal<Boolean> OWNED_DISPATCH = new ThreadLocal<>();
  private static final Field CACHED_VERSION = cachedVersionField();

  private final JdbcTemplate jdbc;
  private final Cache cache;
  private final CommandTargetResolver targets = AnnotationCommandTargetResolver.builder().build();

  /**
   * @param cache the aggregate cache whose entries are checked against the store (the
   *     conversations'); other aggregates are not cached and always load from the store
   */
  AggregateLocks(JdbcTemplate jdbc, Cache cache) {
    this.jdbc = jdbc;
    this.cache = cache;
  }

  /** The next command this thread dispatches owns its transaction (until {@link #clear}). */
  static void markOwnedDispatch() {
    OWNED_DISPATCH.set(Boolean.TRUE);
  }

  static void clear() {
    OWNED_DISPATCH.remove();
  }

  @Override
  public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain)
      throws Exception {
    boolean owned = OWNED_DISPATCH.get() != null;
    // A command the handler dispatches in turn runs inside this transaction: it is not locked.
    OWNED_DISPATCH.remove();
    String aggregate = owned ? targetOf(unitOfWork.getMessage()) : null;
    if (aggregate != null) {
      Long stored = jdbc.queryForObject("SELECT parley_lock_aggregate(?)", Long.class, aggregate);
      dropIfOvertaken(aggregate, stored);
    }
    return chain.proceed();
  }

  private String targetOf(CommandMessage<?> command) {
    try {
      return targets.resolveTarget(command).getIdentifier();
    } catch (IllegalArgumentException noTarget) {
      return null; // a command that creates its aggregate names none
    }
  }

  private void dropIfOvertaken(String aggregate, Long stored) {
    Object entry = cache.get(aggregate);
    if (entry instanceof AggregateCacheEntry<?> cached
        && !Objects.equals(cachedVersion(cached), stored)) {
      cache.remove(aggregate);
    }
  }

  private static Long cachedVersion(AggregateCacheEntry<?> entry) {
    try {
      return (Long) CACHED_VERSION.get(entry);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Axon 4 keeps the cached aggregate's version in a private field and offers no getter; read at
   * start-up, so an Axon upgrade that renames it fails the start (and {@code TwoCommandSidesTest}),
   * never a command.
   */
  private static Field cachedVersionField() {
    try {
      Field version = AggregateCacheEntry.class.getDeclaredField("version");
      version.setAccessible(true);
      return version;
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException("Axon's AggregateCacheEntry has no version field", e);
    }
  }
}
