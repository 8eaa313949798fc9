package io.parley.infra.stores;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.event.ContextRefreshedEvent;

/**
 * The stores of this JVM when none is configured: started once, on first need, and stopped when the
 * JVM ends. Tests get throw-away directories; the standalone app keeps its data directory.
 */
public final class LocalStores {
  private static final Logger log = LoggerFactory.getLogger(LocalStores.class);

  private static EmbeddedPostgresStore postgres;
  private static LocalCqlNode cql;
  private static Path ephemeralRoot;
  private static boolean hookInstalled;
  private static boolean springHandlerAdded;
  // set once a context using the stores has refreshed: Spring's shutdown hook will stop them
  private static volatile boolean springWillStop;

  private LocalStores() {}

  public static synchronized EmbeddedPostgresStore postgres(Path dataDir) {
    if (postgres == null) {
      installShutdownHook();
      postgres = EmbeddedPostgresStore.start(dataDir.resolve("postgres"));
    }
    return postgres;
  }

  /** The CQL node of this JVM, started if need be; returns once it accepts CQL. */
  public static LocalCqlNode cql(Path dataDir) {
    LocalCqlNode node = cqlStarting(dataDir);
    node.awaitReady();
    return node;
  }

  /**
   * The CQL node of this JVM, launched if need be; returns at once, before it accepts CQL ({@link
   * LocalCqlNode#awaitReady()}).
   */
  public static synchronized LocalCqlNode cqlStarting(Path dataDir) {
    if (cql == null) {
      installShutdownHook();
      cql = LocalCqlNode.launch(dataDir.resolve("cql"));
    }
    return cql;
  }

  /** A directory for this JVM only, removed when it ends. */
  public static synchronized Path ephemeralDataDir() {
    if (ephemeralRoot == null) {
      try {
        ephemeralRoot = Files.createTempDirectory("parley-test-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      installShutdownHook();
    }
    return ephemeralRoot;
  }

  /**
   * For stores a Spring application uses: stopped by Spring's shutdown hook once every context has
   * closed (it closes the contexts, then runs its handlers), not by this class's own JVM hook,
   * which runs at the same time. Stopped beside the closing contexts, Postgres went away under
   * their connection pools, and each pool waited for its connection-adder (30 s in every test JVM).
   */
  static synchronized void stopAfterSpringContexts(SpringApplication application) {
    if (!springHandlerAdded) {
      springHandlerAdded = true;
      SpringApplication.getShutdownHandlers().add(LocalStores::stopAll);
    }
    application.addInitializers(
        context ->
            context.addApplicationListener(
                event -> {
                  if (event instanceof ContextRefreshedEvent) {
                    springWillStop = true;
                  }
                }));
  }

  public static synchronized void stopAll() {
    if (cql != null) {
      cql.close();
      cql = null;
    }
    if (postgres != null) {
      postgres.close();
      postgres = null;
    }
    if (ephemeralRoot != null) {
      deleteQuietly(ephemeralRoot);
      ephemeralRoot = null;
    }
  }

  private static void installShutdownHook() {
    if (!hookInstalled) {
      hookInstalled = true;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    if (springWillStop) {
                      awaitStoppedBySpring();
                    }
                    // a no-op when Spring's hook stopped them; else (no context was ever
                    // refreshed, so Spring registered no hook) nothing else would
                    stopAll();
                  },
                  "parley-local-stores"));
    }
  }

  /**
   * JVM hooks run at the same time: once a context using the stores has refreshed, Spring's hook
   * closes the contexts and then stops the stores, so this one waits for that (two minutes at most)
   * before making sure.
   */
  private static void awaitStoppedBySpring() {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (running() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static synchronized boolean running() {
    return postgres != null || cql != null;
  }

  private static void deleteQuietly(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      log.debug("Could not remove {}: {}", root, e.getMessage());
    }
  }
}
