package io.parley.push.gateway;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the process back under its {@link BufferBudget}: ends the sessions that hold the most
 * (replay buffer and queue: the slowest sockets and the longest-detached devices) until usage is
 * below the low-water mark. A shed socket is closed with 1013; its device reconnects, is told
 * {@code invalid_session} and resyncs by REST. Runs on its own executor, never on a delivery
 * thread.
 */
final class BudgetShedder {
  private static final Logger LOG = LoggerFactory.getLogger(BudgetShedder.class);

  private final BufferBudget budget;
  private final Sessions sessions;
  private final SocketQuota quota;
  private final Executor executor;
  private final AtomicLong shed = new AtomicLong();

  BudgetShedder(BufferBudget budget, Sessions sessions, SocketQuota quota, Executor executor) {
    this.budget = budget;
    this.sessions = sessions;
    this.quota = quota;
    this.executor = executor;
  }

  /** Makes the budget call this shedder when under pressure. */
  void install() {
    budget.onPressure(() -> executor.execute(this::shedBiggest));
  }

  /** Sessions ended so far to stay within the budget. */
  long shedSessions() {
    return shed.get();
  }

  private void shedBiggest() {
    try {
      if (!budget.aboveLowWater()) {
        return;
      }
      record Sized(GatewaySession session, long chars) {}
      List<Sized> biggestFirst =
          sessions.all().stream()
              .map(s -> new Sized(s, s.footprint()))
              .filter(s -> s.chars() > 0)
              .sorted(Comparator.comparingLong(Sized::chars).reversed())
              .toList();
      int count = 0;
      for (Sized sized : biggestFirst) {
        if (!budget.aboveLowWater()) {
          break;
        }
        quota.end(sized.session(), Connection.OVER_BUDGET);
        count++;
      }
      shed.addAndGet(count);
      if (count > 0) {
        LOG.warn(
            "Buffer budget: ended {} session(s); {} of {} bytes in use",
            count,
            budget.usedBytes(),
            budget.limitBytes());
      }
    } finally {
      budget.relieved();
    }
  }
}
