package io.parley.infra.stores;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single Apache Cassandra node in its own JVM, from the jars Maven resolved for the {@code
 * cql-node} module. It keeps its data in the given directory and dies with the JVM that started it
 * (see {@code CqlNodeMain}). If it dies on its own while its owner runs, it is started again on the
 * same ports and data (docs/adr/0106): the driver reconnects and the projections catch up.
 */
public final class LocalCqlNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalCqlNode.class);
  private static final String CLASSPATH_RESOURCE = "io/parley/infra/cql/cassandra.classpath";
  private static final String MAIN_CLASS = "io.parley.infra.cql.CqlNodeMain";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

  private static final List<String> JVM_FLAGS =
      List.of(
          "-Xms256m",
          "-Xmx512m",
          "-Xss512k",
          "-XX:+UseG1GC",
          "-XX:+ExitOnOutOfMemoryError",
          "-XX:+UseStringDeduplication",
          "-Djava.net.preferIPv4Stack=true",
          "-Dcassandra-foreground=yes",
          "-Dcassandra.shutdown_announce_in_ms=0",
          "-Dcassandra.skip_wait_for_gossip_to_settle=0",
          "-Dcassandra.ring_delay_ms=0",
          "-Dcassandra.superuser_setup_delay_ms=0",
          // A node of its own, never in a ring: on stop its (unused) internode messaging closes at
          // once instead of waiting 2 s to quiesce. Its drain still flushes every memtable.
          "-Dcassandra.test.messagingService.nonGracefulShutdown=true",
          // At start the node estimates a memtable row's heap overhead by building 100,000 rows:
          // 4 s of CPU on 2 cores with C1 only. 100 rows give the same figure (178 bytes, not 180).
          "-Dcassandra.memtable_row_overhead_computation_step=100",
          "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
          "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-exports=java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.server=ALL-UNNAMED",
          "--add-exports=java.sql/java.sql=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.module=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.loader=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.reflect=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.math=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.module=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.util.jar=ALL-UNNAMED",
          "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.math=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED");

  private static final Duration LONGEST_BACKOFF = Duration.ofSeconds(30);
  public static final String PID_FILE = "node.pid";

  private final Path directory;
  private final int nativePort;
  private final List<String> command;
  private final AtomicInteger restarts = new AtomicInteger();
  private volatile Process process;
  // Held open for the node's life: the node exits when this pipe closes.
  private volatile OutputStream lifeline;
  private volatile boolean closing;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();

  private LocalCqlNode(Path directory, int nativePort, List<String> command) {
    this.directory = directory;
    this.nativePort = nativePort;
    this.command = List.copyOf(command);
  }

  /** Starts a node keeping its data under {@code directory} and waits until it accepts CQL. */
  public static LocalCqlNode start(Path directory) {
    LocalCqlNode node = launch(directory);
    node.awaitReady();
    return node;
  }

  /**
   * Starts a node keeping its data under {@code directory} and returns at once: its port is known,
   * and {@link #awaitReady()} waits until it accepts CQL. Its start-up (about 7 s on two cores)
   * then runs beside whatever its owner does meanwhile.
   */
  public static LocalCqlNode launch(Path directory) {
    try {
      Files.createDirectories(directory.resolve("conf"));
      Files.createDirectories(directory.resolve("logs"));
      int nativePort = FreePorts.pick();
      int storagePort = FreePorts.pick();
      Path yaml = directory.resolve("conf/cassandra.yaml");
      Files.writeString(yaml, yaml(directory, nativePort, storagePort));
      Path logback = directory.resolve("conf/logback.xml");
      Files.writeString(logback, logback(directory.resolve("logs")));
      Path bootstrap = writeBootstrapClass(directory.resolve("bootstrap"));

      List<String> command = new ArrayList<>();
      if (isRoot() && Files.isExecutable(Path.of("/usr/bin/setpriv"))) {
        // As root Cassandra would mlockall its whole heap; dropping CAP_IPC_LOCK keeps it small.
        command.addAll(
            List.of("/usr/bin/setpriv", "--inh-caps=-ipc_lock", "--bounding-set=-ipc_lock"));
      }
      command.add(javaExecutable());
      command.addAll(JVM_FLAGS);
      command.addAll(extraJvmOptions());
      command.add("-Dcassandra.config=" + yaml.toUri());
      command.add("-Dcassandra.storagedir=" + directory);
      command.add("-Dlogback.configurationFile=" + logback);
      command.add("-cp");
      command.add(bootstrap + java.io.File.pathSeparator + cassandraClasspath());
      command.add(MAIN_CLASS);

      LocalCqlNode node = new LocalCqlNode(directory, nativePort, command);
      Process started = node.spawn();
      Thread readiness =
          new Thread(
              () -> {
                try {
                  node.awaitReady(started);
                  started.onExit().thenAccept(node::exited);
                  node.ready.complete(null);
                } catch (RuntimeException e) {
                  if (!node.closing) {
                    log.error("{}", e.getMessage());
                  }
                  node.ready.completeExceptionally(e);
                }
              },
              "cql-node-start");
      readiness.setDaemon(true);
      readiness.start();
      return node;
    } catch (IOException e) {
      throw new IllegalStateException("Could not start the local CQL node: " + e.getMessage(), e);
    }
  }

  /** Waits until the node accepts CQL; fails as its start-up failed (with its log's path). */
  public void awaitReady() {
    try {
      ready.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException failure
          ? failure
          : new IllegalStateException(e.getCause());
    }
  }

  /** Starts the node again after it died, and waits until it accepts CQL. */
  private void relaunch() throws IOException {
    Process started = spawn();
    awaitReady(started);
    started.onExit().thenAccept(this::exited);
  }

  private Process spawn() throws IOException {
    Process started =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(directory.resolve("logs/stdout.log").toFile()))
            .start();
    process = started;
    lifeline = started.getOutputStream();
    // like postmaster.pid: lets an operator (or a test) find the node's process
    Files.writeString(directory.resolve(PID_FILE), started.pid() + "\n");
    return started;
  }

  private void exited(Process gone) {
    if (closing) {
      return;
    }
    log.error(
        "The local CQL node (pid {}) exited with code {}; starting it again on {}",
        gone.pid(),
        gone.exitValue(),
        contactPoint());
    Thread restart = new Thread(this::restartUntilRunning, "cql-node-restart");
    restart.setDaemon(true);
    restart.start();
  }

  private void restartUntilRunning() {
    Duration backoff = Duration.ofSeconds(1);
    while (!closing) {
      try {
        relaunch();
        restarts.incrementAndGet();
        log.warn("The local CQL node runs again (pid {})", process.pid());
        return;
      } catch (IOException | RuntimeException e) {
        log.warn("Starting the local CQL node again failed: {}", e.getMessage());
      }
      try {
        Thread.sleep(backoff.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      Duration doubled = backoff.multipliedBy(2);
      backoff = doubled.compareTo(LONGEST_BACKOFF) > 0 ? LONGEST_BACKOFF : doubled;
    }
  }

  public String contactPoint() {
    return "127.0.0.1:" + nativePort;
  }

  public int port() {
    return nativePort;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** How often the node died on its own and was started again. */
  public int restarts() {
    return restarts.get();
  }

  private void awaitReady(Process process) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "The local CQL node exited during start-up (exit code "
                + process.exitValue()
                + "). Its log: "
                + directory.resolve("logs"));
      }
      if (accepts(nativePort)) {
        log.info("Local CQL node ready on {} (data in {})", contactPoint(), directory);
        return;
      }
      sleep(250);
    }
    process.destroyForcibly();
    throw new IllegalStateException(
        "The local CQL node did not accept connections within "
            + START_TIMEOUT.toSeconds()
            + " s. Its log: "
            + directory.resolve("logs"));
  }

  @Override
  public void close() {
    closing = true;
    Process process = this.process;
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      lifeline.close();
    } catch (IOException ignored) {
      // the node is gone already
    }
    log.info("Local CQL node stopped");
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String cassandraClasspath() throws IOException {
    try (InputStream in =
        LocalCqlNode.class.getClassLoader().getResourceAsStream(CLASSPATH_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "No Cassandra classpath on the classpath: build the cql-node module first"
                + " (./mvnw install -DskipTests)");
      }
      String classpath = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      String first = classpath.split(java.io.File.pathSeparator, 2)[0];
      if (!Files.exists(Path.of(first))) {
        throw new IllegalStateException(
            "The Cassandra jars resolved at build time are missing ("
                + first
                + "): rebuild with ./mvnw install -DskipTests on this machine");
      }
      return classpath;
    }
  }

  private static Path writeBootstrapClass(Path root) throws IOException {
    String resource = MAIN_CLASS.replace('.', '/') + ".class";
    Path target = root.resolve(resource);
    Files.createDirectories(target.getParent());
    try (InputStream in = LocalCqlNode.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Missing " + resource + " (cql-node module)");
      }
      Files.write(target, in.readAllBytes());
    }
    return root;
  }

  /** {@code PARLEY_CQL_JAVA_OPTS}: more JVM options, after the built-in ones (the tests' C1). */
  private static List<String> extraJvmOptions() {
    String options = System.getenv("PARLEY_CQL_JAVA_OPTS");
    return options == null || options.isBlank() ? List.of() : List.of(options.trim().split("\\s+"));
  }

  private static String javaExecutable() {
    String override = System.getenv("PARLEY_CQL_JAVA");
    if (override != null && !override.isBlank()) {
      return override;
    }
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the CQL node", e);
    }
  }

  private static String yaml(Path dir, int nativePort, int storagePort) {
    return """
        cluster_name: parley-local
        num_tokens: 1
        initial_token: 0
        partitioner: org.apache.cassandra.dht.Murmur3Partitioner
        endpoint_snitch: SimpleSnitch
        commitlog_sync: batch
        commitlog_segment_size: 8MiB
        seed_provider:
          - class_name: org.apache.cassandra.locator.SimpleSeedProvider
            parameters:
              - seeds: "127.0.0.1:%2$d"
        listen_address: 127.0.0.1
        rpc_address: 127.0.0.1
        storage_port: %2$d
        native_transport_port: %1$d
        start_native_transport: true
        auto_snapshot: false
        hinted_handoff_enabled: false
        memtable_heap_space: 128MiB
        concurrent_compactors: 1
        data_file_directories:
          - %3$s/data
        commitlog_directory: %3$s/commitlog
        saved_caches_directory: %3$s/saved_caches
        hints_directory: %3$s/hints
        cdc_raw_directory: %3$s/cdc_raw
        """
        .formatted(nativePort, storagePort, dir.toAbsolutePath());
  }

  private static String logback(Path logs) {
    return """
        <configuration>
          <appender name="FILE" class="ch.qos.logback.core.FileAppender">
            <file>%s/node.log</file>
            <encoder><pattern>%%d{ISO8601} %%-5level [%%thread] %%logger{20} %%msg%%n</pattern></encoder>
          </appender>
          <root level="INFO"><appender-ref ref="FILE"/></root>
        </configuration>
        """
        .formatted(logs.toAbsolutePath());
  }
}
