package io.parley.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * infra/deploy/compose.yaml against the Compose Specification's JSON schema and against what the
 * cluster needs: two of each service on Axon Server, three Scylla nodes, health checks without a
 * shell, the router's upstreams, monitoring, and no secret in the file.
 */
class ComposeFileTest {
  private static final Path COMPOSE = Repo.DEPLOY.resolve("compose.yaml");
  private static final Map<String, Object> compose = Repo.yaml(COMPOSE);
  private static final Map<String, Integer> PORTS =
      Map.of("command-side", 8081, "query-side", 8082, "realtime-push", 8083);

  @Test
  void isAValidComposeFile() throws Exception {
    JsonNode document = new ObjectMapper().valueToTree(compose);
    try (InputStream schema = getClass().getResourceAsStream("/compose-spec/compose-spec.json")) {
      Set<ValidationMessage> errors = schema(schema).validate(document);
      assertThat(errors).isEmpty();
    }
  }

  @Test
  void theSchemaCheckRejectsAMisspelledField() throws Exception {
    @SuppressWarnings("unchecked")
    Map<String, Object> nginx = (Map<String, Object>) services().get("nginx");
    Map<String, Object> broken = new java.util.LinkedHashMap<>(compose);
    Map<String, Object> brokenServices = new java.util.LinkedHashMap<>(services());
    Map<String, Object> brokenNginx = new java.util.LinkedHashMap<>(nginx);
    brokenNginx.put("helthcheck", Map.of("test", List.of("CMD", "true")));
    brokenServices.put("nginx", brokenNginx);
    broken.put("services", brokenServices);
    try (InputStream schema = getClass().getResourceAsStream("/compose-spec/compose-spec.json")) {
      assertThat(schema(schema).validate(new ObjectMapper().valueToTree(broken)))
          .anyMatch(m -> m.getMessage().contains("helthcheck"));
    }
  }

  /**
   * The Compose Specification's schema (compose-spec/compose-spec.json, Apache 2.0) still marks
   * definitions with draft-04's {@code id}, which a 2019-09 validator refuses: dropped here, as
   * they only name the definitions.
   */
  private static JsonSchema schema(InputStream in) throws java.io.IOException {
    JsonNode schema = new ObjectMapper().readTree(in);
    dropIds(schema);
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V201909).getSchema(schema);
  }

  private static void dropIds(JsonNode node) {
    if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
      if (object.path("id").isTextual()) {
        object.remove("id");
      }
      object.forEach(ComposeFileTest::dropIds);
    } else if (node.isArray()) {
      node.forEach(ComposeFileTest::dropIds);
    }
  }

  @Test
  void runsTwoOfEachServiceOnAxonServerScyllaAndPostgres() {
    Map<String, List<String>> byImage = new java.util.TreeMap<>();
    services()
        .forEach(
            (name, service) -> {
              String image = String.valueOf(service(name).get("image"));
              if (image.startsWith("parley/")) {
                byImage
                    .computeIfAbsent(image.replaceAll("^parley/|:.*$", ""), k -> new ArrayList<>())
                    .add(name);
              }
            });
    assertThat(byImage).containsOnlyKeys(PORTS.keySet());
    byImage.values().forEach(instances -> assertThat(instances).hasSize(2));
    for (List<String> instances : byImage.values()) {
      for (String name : instances) {
        Map<String, Object> env = env(name);
        assertThat(env).containsEntry("SPRING_PROFILES_ACTIVE", "axonserver");
        assertThat(env.get("PARLEY_AXONSERVER_SERVERS").toString()).startsWith("axonserver:");
        assertThat(env.get("PARLEY_DB_URL").toString()).contains("//postgres:5432/");
        assertThat(env.get("PARLEY_CQL_CONTACT_POINTS").toString().split(",")).hasSize(3);
      }
    }
    assertThat(
            services().keySet().stream()
                .filter(n -> service(n).get("image").toString().startsWith("scylladb/scylla")))
        .hasSize(3);
    assertThat(service("axonserver").get("image").toString()).startsWith("axoniq/axonserver:");
    assertThat(service("postgres").get("image").toString()).startsWith("postgres:");
  }

  @Test
  void noCommandSideIsGivenANodeIdByHand() {
    // Node ids are leased from Postgres (docs/adr/0170): a copied service with a fixed id would
    // mint colliding message ids, so none is set.
    assertThat(
            services().keySet().stream()
                .filter(n -> service(n).get("image").toString().startsWith("parley/command-side")))
        .hasSize(2)
        .allSatisfy(n -> assertThat(env(n)).doesNotContainKey("PARLEY_NODE_ID"));
  }

  @Test
  void everyServiceHasAHealthCheckThatNeedsNoShell() {
    services()
        .keySet()
        .forEach(
            name -> {
              String image = service(name).get("image").toString();
              if (!image.startsWith("parley/")) {
                return;
              }
              @SuppressWarnings("unchecked")
              Map<String, Object> health = (Map<String, Object>) service(name).get("healthcheck");
              @SuppressWarnings("unchecked")
              List<String> test = (List<String>) health.get("test");
              int port = PORTS.get(image.replaceAll("^parley/|:.*$", ""));
              assertThat(test.get(0)).as(name + ": exec form").isEqualTo("CMD");
              assertThat(test.get(1)).isEqualTo("/opt/java/openjdk/bin/java");
              assertThat(test)
                  .contains(
                      "HealthProbe", "http://127.0.0.1:" + port + "/actuator/health/readiness");
            });
  }

  @Test
  void theRouterDefinesTheUpstreamsOfTheSharedRoutesFileWithEveryInstance() {
    String upstreams = Repo.read(Repo.DEPLOY.resolve("compose/nginx/upstreams.conf"));
    Map<String, String> images =
        Map.of(
            "parley_command",
            "command-side",
            "parley_query",
            "query-side",
            "parley_push",
            "realtime-push");
    Matcher block = Pattern.compile("upstream (\\w+) \\{([^}]*)}").matcher(upstreams);
    Set<String> defined = new TreeSet<>();
    while (block.find()) {
      String upstream = block.group(1);
      defined.add(upstream);
      Set<String> servers = new TreeSet<>();
      Matcher server = Pattern.compile("server ([\\w-]+):(\\d+)").matcher(block.group(2));
      while (server.find()) {
        String name = server.group(1);
        assertThat(service(name).get("image").toString())
            .startsWith("parley/" + images.get(upstream));
        assertThat(Integer.parseInt(server.group(2))).isEqualTo(PORTS.get(images.get(upstream)));
        servers.add(name);
      }
      assertThat(servers).as(upstream).hasSize(2);
    }
    assertThat(defined).containsExactlyInAnyOrderElementsOf(images.keySet());
    for (String router : List.of("nginx", "nginx-tls")) {
      assertThat(service(router).get("volumes").toString())
          .contains("./nginx/parley-routes.conf:/etc/nginx/parley-routes.conf:ro");
    }
    assertThat(Repo.read(Repo.DEPLOY.resolve("compose/nginx/parley.conf")))
        .contains("include /etc/nginx/parley-routes.conf;");
    assertThat(Repo.read(Repo.DEPLOY.resolve("compose/nginx/parley-tls.conf")))
        .contains("include /etc/nginx/parley-routes.conf;", "listen 443 ssl;");
    Routes.assertOnlyKnownUpstreams(defined);
  }

  @Test
  void theRoutersAreTheTrustedProxies() {
    List<String> routerAddresses = new ArrayList<>();
    for (String router : List.of("nginx", "nginx-tls")) {
      @SuppressWarnings("unchecked")
      Map<String, Map<String, Object>> networks =
          (Map<String, Map<String, Object>>) service(router).get("networks");
      routerAddresses.add(networks.get("parley").get("ipv4_address").toString());
    }
    assertThat(env("command-1").get("PARLEY_HTTP_TRUSTED_PROXIES").toString().split(","))
        .containsExactlyInAnyOrderElementsOf(routerAddresses);
  }

  @Test
  void everyMountedFileIsInTheRepositoryAndMonitoringUsesTheObservabilityFiles() {
    List<String> mounts = new ArrayList<>();
    services()
        .keySet()
        .forEach(
            n -> {
              Object volumes = service(n).get("volumes");
              if (volumes != null) {
                ((List<?>) volumes).forEach(v -> mounts.add(v.toString()));
              }
            });
    Set<String> builtOrPrivate =
        Set.of("../../frontend/dist", "${PARLEY_TLS_DIR:-./tls}", "./nginx/parley-routes.conf");
    for (String mount : mounts) {
      String source = mount.split(":(?=/)")[0];
      if (source.startsWith(".") && !builtOrPrivate.contains(source)) {
        assertThat(Repo.DEPLOY.resolve(source).normalize()).as(mount).exists();
      }
    }
    assertThat(mounts)
        .contains(
            "../observability/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro",
            "../observability/grafana/parley.json:/var/lib/grafana/dashboards/parley.json:ro");
    String prometheus = Repo.read(Repo.DEPLOY.resolve("compose/prometheus.yml"));
    services().keySet().stream()
        .filter(n -> service(n).get("image").toString().startsWith("parley/"))
        .forEach(n -> assertThat(prometheus).as(n + " is scraped").contains("\"" + n + ":9080\""));
  }

  @Test
  void noSecretIsInTheFileAndTheEnvironmentFileIsIgnored() {
    Pattern secretKey = Pattern.compile(".*(PASSWORD|SECRET|PRIVATE_KEY|PUBLIC_KEY|TOKEN).*");
    services()
        .keySet()
        .forEach(
            name -> {
              Object environment = service(name).get("environment");
              if (environment instanceof Map<?, ?> map) {
                map.forEach(
                    (k, v) -> {
                      if (secretKey.matcher(k.toString()).matches()) {
                        assertThat(v.toString())
                            .as(name + " " + k)
                            .matches("\\$\\{[A-Z_]+:\\?[^}]+}");
                      }
                    });
              }
            });
    assertThat(Repo.read(Repo.DEPLOY.resolve(".gitignore")).lines()).contains(".env");
    assertThat(Repo.DEPLOY.resolve(".env.example")).exists();
    assertThat(
            Repo.read(Repo.DEPLOY.resolve(".env.example"))
                .lines()
                .filter(l -> l.matches("^[A-Z_]+=.+")))
        .as("the example names the settings and holds no value")
        .isEmpty();
  }

  @Test
  void everyParleySettingIsOneTheServicesRead() {
    Set<String> read = Repo.configurationKeysReadByTheCode();
    services().keySet().stream()
        .filter(n -> service(n).get("image").toString().startsWith("parley/"))
        .forEach(
            n ->
                env(n).keySet().stream()
                    .filter(k -> k.startsWith("PARLEY_"))
                    .forEach(
                        k ->
                            assertThat(read)
                                .as(n + " " + k + " is read by a service")
                                .contains(Repo.relaxed(k))));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> services() {
    return (Map<String, Object>) compose.get("services");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> service(String name) {
    Map<String, Object> service = (Map<String, Object>) services().get(name);
    assertThat(service).as("service " + name).isNotNull();
    return service;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> env(String name) {
    return (Map<String, Object>) service(name).get("environment");
  }
}
