package io.parley.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The image tarballs `./mvnw -Pimages package` builds (docs/adr/0165), opened without Docker: their
 * configuration, their file system, and — as root on Linux — their programs run inside their own
 * root file system (unshare + chroot, as the image's numeric user), so they need nothing of the
 * build machine's.
 */
class ImageTarballsTest {
  record Image(String module, String name, String mainClass, int port) {
    Path tarball() {
      return Repo.ROOT.resolve(module).resolve("target/jib-image.tar");
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static final List<Image> IMAGES =
      List.of(
          new Image(
              "command-side", "command-side", "io.parley.command.CommandSideApplication", 8081),
          new Image("query-side", "query-side", "io.parley.query.QuerySideApplication", 8082),
          new Image(
              "realtime-push", "realtime-push", "io.parley.push.RealtimePushApplication", 8083),
          new Image(
              "infra/standalone",
              "standalone",
              "io.parley.standalone.StandaloneApplication",
              8080));
  private static final String JAVA = "/opt/java/openjdk/bin/java";
  private static final Map<Image, ImageTarball> opened = new ConcurrentHashMap<>();

  @TempDir static Path roots;
  private static final Map<Image, Path> extractedRoots = new ConcurrentHashMap<>();

  /**
   * The images under test, only with -Pimages: those named in parley.images.expected (all four by
   * default; CI's cheap run names one). The default build builds no image and skips these tests.
   */
  static List<Image> images() {
    if (!Boolean.getBoolean("parley.images.required")) {
      return List.of();
    }
    List<String> names = List.of(System.getProperty("parley.images.expected", "").split(","));
    return IMAGES.stream().filter(i -> names.contains(i.name())).toList();
  }

  @BeforeAll
  static void theImagesAreBuilt() {
    List<Image> missing = images().stream().filter(i -> !Files.exists(i.tarball())).toList();
    if (Boolean.getBoolean("parley.images.required")) {
      assertThat(images()).as("images named in parley.images.expected").isNotEmpty();
      assertThat(missing).as("image tarballs built by -Pimages").isEmpty();
    }
    Assumptions.assumeTrue(
        !images().isEmpty(), "no image tarballs: build them with ./mvnw -Pimages package");
  }

  private static ImageTarball open(Image image) {
    return opened.computeIfAbsent(
        image,
        i -> {
          try {
            return ImageTarball.open(i.tarball());
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  @ParameterizedTest
  @MethodSource("images")
  void runsAsANumericUserThatIsNotRoot(Image image) {
    String user = open(image).config.at("/config/User").asText();
    assertThat(user).matches("\\d+:\\d+");
    assertThat(Integer.parseInt(user.split(":")[0])).isNotZero();
    assertThat(open(image).config.at("/config/WorkingDir").asText()).isEqualTo("/var/lib/parley");
  }

  @ParameterizedTest
  @MethodSource("images")
  void startsItsMainClassOnTheImagesJavaWithContainerAwareMemory(Image image) throws IOException {
    List<String> entrypoint = strings(open(image).config.at("/config/Entrypoint"));
    assertThat(entrypoint.get(0)).isEqualTo(JAVA);
    assertThat(entrypoint)
        .contains(
            "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp");
    assertThat(entrypoint.subList(entrypoint.size() - 3, entrypoint.size()))
        .containsExactly("-cp", "@/app/jib-classpath-file", "@/app/jib-main-class-file");
    assertThat(open(image).read("app/jib-main-class-file").trim()).isEqualTo(image.mainClass());
    assertThat(open(image).read("app/jib-classpath-file")).contains("/app/classes", "/app/libs/");
  }

  @ParameterizedTest
  @MethodSource("images")
  void exposesItsPortAndTheManagementPortWithLabelsAndEnvironment(Image image) {
    JsonNode config = open(image).config.get("config");
    List<String> ports = new ArrayList<>();
    config.get("ExposedPorts").fieldNames().forEachRemaining(ports::add);
    assertThat(ports).containsExactlyInAnyOrder(image.port() + "/tcp", "9080/tcp");
    assertThat(config.at("/Labels/org.opencontainers.image.title").asText())
        .isEqualTo("parley-" + image.name());
    assertThat(config.at("/Labels/org.opencontainers.image.version").asText()).isNotBlank();
    assertThat(strings(config.get("Env")))
        .contains(
            "JAVA_HOME=/opt/java/openjdk",
            "PARLEY_DATA_DIR=/var/lib/parley",
            "PARLEY_ADMIN_ADDRESS=0.0.0.0");
  }

  @ParameterizedTest
  @MethodSource("images")
  void holdsItsOwnRuntimeTheProbeAndWritableDirectories(Image image) throws IOException {
    Map<String, ImageTarball.Entry> files = open(image).files;
    assertThat(files.get("opt/java/openjdk/bin/java").mode()).isEqualTo(0755);
    assertThat(files)
        .containsKeys(
            "lib64/ld-linux-x86-64.so.2",
            "opt/java/openjdk/lib/server/libjvm.so",
            "opt/java/openjdk/lib/security/cacerts");
    assertThat(files.get("lib64/ld-linux-x86-64.so.2").mode() & 0111).isNotZero();
    assertThat(files)
        .containsKeys("opt/parley/probe/HealthProbe.class", "opt/parley/probe/ClientFiles.class");
    assertThat(files.get("tmp").mode()).isEqualTo(0777);
    assertThat(files.get("var/lib/parley/files").mode()).isEqualTo(0777);
    assertThat(open(image).read("etc/passwd")).contains(":10001:10001:");
    assertThat(files.values())
        .noneMatch(e -> e.path().startsWith("bin/sh") || e.path().startsWith("usr/bin/curl"));
  }

  @Test
  void everyImageSharesOneRuntimeLayer() {
    List<String> firstLayers =
        images().stream()
            .map(i -> open(i).files.get("opt/java/openjdk/bin/java").layer())
            .distinct()
            .toList();
    assertThat(firstLayers).as("the same runtime layer digest in every image").hasSize(1);
  }

  @ParameterizedTest
  @MethodSource("images")
  void itsEntrypointStartsTheServiceInsideTheImage(Image image) throws Exception {
    Path root = extracted(image);
    Result version = runInImage(root, image, Map.of(), JAVA, "-version");
    assertThat(version.exit()).as(version.output()).isZero();
    assertThat(version.output()).contains("version \"17");

    // No Postgres at that address: the service gets as far as its store check, which stops it with
    // the one line that names the setting (docs/adr/0004). Classpath, main class, Spring, the JDBC
    // driver and the runtime's native libraries all ran inside the image to get there.
    int closed = freePort();
    Map<String, String> env = new TreeMap<>();
    env.put("PARLEY_DB_URL", "jdbc:postgresql://127.0.0.1:" + closed + "/parley");
    env.put("PARLEY_CQL_CONTACT_POINTS", "127.0.0.1:" + freePort());
    env.put("PARLEY_COMMAND_PORT", String.valueOf(freePort()));
    env.put("PARLEY_QUERY_PORT", String.valueOf(freePort()));
    env.put("PARLEY_PUSH_PORT", String.valueOf(freePort()));
    env.put("PARLEY_PORT", String.valueOf(freePort()));
    List<String> entrypoint = strings(open(image).config.at("/config/Entrypoint"));
    Result start = runInImage(root, image, env, entrypoint.toArray(String[]::new));
    assertThat(start.exit()).as(start.output()).isNotZero();
    assertThat(start.output())
        .contains("APPLICATION FAILED TO START", "Postgres cannot be reached")
        .contains("PARLEY_DB_URL");
    assertThat(start.output())
        .doesNotContain("UnsatisfiedLinkError", "ClassNotFoundException", "NoClassDefFoundError");
  }

  static List<Image> servicesOnPostgresAlone() {
    return images().stream()
        .filter(i -> List.of("command-side", "realtime-push").contains(i.name()))
        .toList();
  }

  /**
   * The whole service runs from its image: command-side and realtime-push need only Postgres, so on
   * a real (embedded) one each becomes ready, which the image's own health check reports.
   */
  @ParameterizedTest
  @MethodSource("servicesOnPostgresAlone")
  void theServiceInsideTheImageBecomesReadyOnARealPostgres(Image image) throws Exception {
    Path root = extracted(image);
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      int port = freePort();
      Map<String, String> env = new TreeMap<>();
      env.put("PARLEY_DB_URL", postgres.getJdbcUrl("postgres", "postgres"));
      env.put("PARLEY_DB_USER", "postgres");
      env.put(
          image.name().equals("command-side") ? "PARLEY_COMMAND_PORT" : "PARLEY_PUSH_PORT",
          String.valueOf(port));
      Path log = roots.resolve(image.name() + ".log");
      List<String> entrypoint = strings(open(image).config.at("/config/Entrypoint"));
      long started = System.nanoTime();
      Process service =
          inImage(root, image, env, entrypoint.toArray(String[]::new))
              .redirectOutput(log.toFile())
              .start();
      try {
        String readiness = "http://127.0.0.1:" + port + "/actuator/health/readiness";
        Result probe = new Result(1, "not probed");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (probe.exit() != 0 && service.isAlive() && System.nanoTime() < deadline) {
          Thread.sleep(1000);
          probe =
              runInImage(
                  root,
                  image,
                  Map.of(),
                  JAVA,
                  "-Xmx32m",
                  "-cp",
                  "/opt/parley/probe",
                  "HealthProbe",
                  readiness);
        }
        System.out.printf(
            "%s: ready by its health probe after %d s%n",
            image.name(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        assertThat(probe.exit()).as(probe.output() + "\n" + Repo.read(log)).isZero();
        HttpResponse<String> liveness =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/actuator/health/liveness"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(liveness.body()).contains("UP");
      } finally {
        long stopping = System.nanoTime();
        // unshare ignores SIGTERM while it waits: stop the service itself, as a runtime would
        service.descendants().forEach(ProcessHandle::destroy);
        if (!service.waitFor(60, TimeUnit.SECONDS)) {
          service.destroyForcibly().waitFor();
        }
        System.out.printf(
            "%s: stopped after %d s%n",
            image.name(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - stopping));
      }
    }
  }

  @Test
  void theHealthProbeAnswersByItsExitCodeWithoutAShell() throws Exception {
    Image image = images().get(0);
    Path root = extracted(image);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/actuator/health/readiness", exchange -> respond(exchange, 200));
    server.createContext("/down", exchange -> respond(exchange, 503));
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      assertThat(
              runInImage(
                      root,
                      image,
                      Map.of(),
                      JAVA,
                      "-cp",
                      "/opt/parley/probe",
                      "HealthProbe",
                      base + "/actuator/health/readiness")
                  .exit())
          .isZero();
      assertThat(
              runInImage(
                      root,
                      image,
                      Map.of(),
                      JAVA,
                      "-cp",
                      "/opt/parley/probe",
                      "HealthProbe",
                      base + "/down")
                  .exit())
          .isEqualTo(1);
      assertThat(
              runInImage(
                      root,
                      image,
                      Map.of(),
                      JAVA,
                      "-cp",
                      "/opt/parley/probe",
                      "HealthProbe",
                      "http://127.0.0.1:" + freePort() + "/")
                  .exit())
          .isEqualTo(1);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void theStandaloneImageHandsItsBrowserClientToARouter() throws Exception {
    Assumptions.assumeTrue(
        images().contains(IMAGES.get(3)), "the standalone image is not under test");
    Image standalone = IMAGES.get(3);
    Path root = extracted(standalone);
    Result copy =
        runInImage(
            root,
            standalone,
            Map.of(),
            JAVA,
            "-cp",
            "/opt/parley/probe",
            "ClientFiles",
            "/app/libs",
            "/tmp/client");
    assertThat(copy.exit()).as(copy.output()).isZero();
    assertThat(root.resolve("tmp/client/index.html")).content().contains("<html");
  }

  private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status)
      throws IOException {
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  private static Path extracted(Image image) throws IOException {
    Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name"))
            && Files.isExecutable(Path.of("/usr/bin/unshare")),
        "running an image's programs without Docker needs root and unshare");
    Path root = extractedRoots.get(image);
    if (root == null) {
      root = roots.resolve(image.name());
      open(image).extractTo(root);
      extractedRoots.put(image, root);
    }
    return root;
  }

  record Result(int exit, String output) {}

  /**
   * Runs a program of the image inside its root file system only: a private mount and PID namespace
   * with its own /proc, chroot into the image, the image's user and environment.
   */
  private static Result runInImage(
      Path root, Image image, Map<String, String> extraEnv, String... command) throws Exception {
    ProcessBuilder builder = inImage(root, image, extraEnv, command);
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("still running: " + builder.command());
    }
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }

  /**
   * A program of the image inside its root file system only: a private mount and PID namespace with
   * its own /proc (the child ends with unshare), chroot into the image, the image's user and
   * environment.
   */
  private static ProcessBuilder inImage(
      Path root, Image image, Map<String, String> extraEnv, String... command) {
    List<String> line =
        new ArrayList<>(
            List.of(
                "/usr/bin/unshare",
                "--mount",
                "--pid",
                "--fork",
                "--kill-child=SIGTERM",
                "--mount-proc=" + root.resolve("proc"),
                "/usr/sbin/chroot",
                "--userspec=" + open(image).config.at("/config/User").asText(),
                root.toString()));
    line.addAll(List.of(command));
    ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true);
    builder.environment().clear();
    for (String variable : strings(open(image).config.at("/config/Env"))) {
      int eq = variable.indexOf('=');
      builder.environment().put(variable.substring(0, eq), variable.substring(eq + 1));
    }
    builder.environment().putAll(extraEnv);
    return builder;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}
