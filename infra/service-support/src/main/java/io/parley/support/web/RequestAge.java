package io.parley.support.web;

import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.apache.coyote.AbstractProtocol;
import org.apache.tomcat.util.threads.TaskQueue;
import org.apache.tomcat.util.threads.TaskThreadFactory;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * How long ago the connector handed the request now running on this thread to the worker pool
 * (docs/adr/0212). Under overload, requests wait in Tomcat's unbounded worker queue before any
 * filter runs; that wait is invisible to a limit on work in flight, and it lands on every request
 * behind it. Knowing it lets a filter refuse work that is already late, at the cost of a few
 * microseconds, instead of doing it.
 *
 * <p>{@link Stamping} gives the public connector a worker pool that is Tomcat's own (same queue,
 * same thread factory, same sizes, so {@code server.tomcat.threads.*} and the thread-pool metrics
 * apply unchanged) except that each task carries the time it was handed over. {@link #nanos()} is 0
 * on a thread that is not running such a task. A task may serve several requests of one keep-alive
 * connection in a row; {@link Requests} restarts the clock when each ends, so the next one is not
 * charged with its predecessors' time.
 */
public final class RequestAge {
  private static final ThreadLocal<long[]> HANDED_OVER = ThreadLocal.withInitial(() -> new long[1]);

  private RequestAge() {}

  /** Nanoseconds since the current request was handed to the worker pool; 0 when unknown. */
  public static long nanos() {
    long at = HANDED_OVER.get()[0];
    return at == 0 ? 0 : Math.max(0, System.nanoTime() - at);
  }

  /**
   * Ends a request on this thread: Tomcat may read the next request of the same keep-alive
   * connection in the same task, without handing it over again, so that one's age counts from now.
   */
  static void requestDone() {
    long[] slot = HANDED_OVER.get();
    if (slot[0] != 0) {
      slot[0] = System.nanoTime();
    }
  }

  /** Registered with the servlet context: every request that ends restarts the clock. */
  public static final class Requests implements ServletRequestListener {
    @Override
    public void requestDestroyed(ServletRequestEvent event) {
      requestDone();
    }
  }

  /** Runs {@code task} as handed over at {@code at} ({@link System#nanoTime()}). */
  static void run(Runnable task, long at) {
    long[] slot = HANDED_OVER.get();
    slot[0] = at == 0 ? 1 : at;
    try {
      task.run();
    } finally {
      slot[0] = 0;
    }
  }

  /** Tomcat's worker pool, each task stamped with the time it was handed over. */
  static final class StampingPool extends ThreadPoolExecutor {
    StampingPool(int core, int max, TaskQueue queue, ThreadFactory threads) {
      super(core, max, 60, TimeUnit.SECONDS, queue, threads);
    }

    @Override
    public void execute(Runnable task) {
      long at = System.nanoTime();
      super.execute(() -> RequestAge.run(task, at));
    }

    /**
     * Built as Tomcat builds its internal pool (AbstractEndpoint#createExecutor), from the same
     * settings.
     */
    static StampingPool like(AbstractProtocol<?> protocol) {
      TaskQueue queue = new TaskQueue(protocol.getMaxQueueSize());
      TaskThreadFactory threads =
          new TaskThreadFactory(protocol.getName() + "-exec-", true, protocol.getThreadPriority());
      StampingPool pool =
          new StampingPool(
              Math.min(protocol.getMinSpareThreads(), protocol.getMaxThreads()),
              protocol.getMaxThreads(),
              queue,
              threads);
      queue.setParent(pool);
      return pool;
    }
  }

  /**
   * Gives the main connector a {@link StampingPool}. Ordered last, so its connector customizer runs
   * after Boot's (which apply {@code server.tomcat.threads.*}) and copies their result. Tomcat does
   * not stop a pool it did not create, so this stops them when the context closes, after the web
   * server has stopped.
   */
  public static final class Stamping
      implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>,
          Ordered,
          DisposableBean {
    private final List<StampingPool> pools = new CopyOnWriteArrayList<>();

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
      factory.addConnectorCustomizers(
          connector -> {
            if (connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol) {
              StampingPool pool = StampingPool.like(protocol);
              pools.add(pool);
              protocol.setExecutor(pool);
            }
          });
    }

    @Override
    public int getOrder() {
      return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void destroy() {
      pools.forEach(ThreadPoolExecutor::shutdownNow);
    }
  }
}
