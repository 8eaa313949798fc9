package io.parley.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests (infra/deploy/k8s, kustomization in infra/deploy) against the Kubernetes
 * API schema as the fabric8 model knows it — an unknown or misplaced field, a wrong type or an
 * unknown kind fails — and against what a Parley deployment needs.
 */
class KubernetesManifestsTest {
  private static final Path K8S = Repo.DEPLOY.resolve("k8s");
  private static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.of(
          "v1/Namespace", Namespace.class,
          "v1/ConfigMap", ConfigMap.class,
          "v1/Secret", Secret.class,
          "v1/Service", Service.class,
          "apps/v1/Deployment", Deployment.class,
          "networking.k8s.io/v1/Ingress", Ingress.class,
          "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class);
  private static final ObjectMapper STRICT =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private static final List<HasMetadata> applied = new ArrayList<>();
  private static Secret secretTemplate;

  @BeforeAll
  static void parseEveryManifest() throws Exception {
    for (String resource : kustomization("resources")) {
      applied.addAll(parse(Repo.DEPLOY.resolve(resource)));
    }
    secretTemplate = (Secret) parse(K8S.resolve("secrets.template.yaml")).get(0);
  }

  @SuppressWarnings("unchecked")
  private static List<String> kustomization(String key) {
    return (List<String>) Repo.yaml(Repo.DEPLOY.resolve("kustomization.yaml")).get(key);
  }

  private static List<HasMetadata> parse(Path file) throws Exception {
    List<HasMetadata> parsed = new ArrayList<>();
    for (Map<String, Object> document : Repo.yamlDocuments(file)) {
      String kind = document.get("apiVersion") + "/" + document.get("kind");
      Class<? extends HasMetadata> type = KINDS.get(kind);
      assertThat(type).as("a known kind in %s: %s", file, kind).isNotNull();
      HasMetadata resource = STRICT.convertValue(document, type);
      assertNoUnknownFields(resource, file + " " + kind + " " + resource.getMetadata().getName());
      parsed.add(resource);
    }
    return parsed;
  }

  /**
   * The model keeps fields it does not know in additionalProperties instead of failing: any there
   * is a field the Kubernetes API would reject (or silently drop).
   */
  private static void assertNoUnknownFields(Object node, String where) throws Exception {
    walk(node, where, new IdentityHashMap<>());
  }

  private static void walk(Object node, String where, Map<Object, Boolean> seen) throws Exception {
    if (node == null || seen.put(node, true) != null) {
      return;
    }
    if (node instanceof Collection<?> items) {
      for (Object item : items) {
        walk(item, where, seen);
      }
      return;
    }
    if (node instanceof Map<?, ?> map) {
      for (Object value : map.values()) {
        walk(value, where, seen);
      }
      return;
    }
    if (!node.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method getter : node.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || Modifier.isStatic(getter.getModifiers())
          || !getter.getName().startsWith("get")
          || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      Object value = getter.invoke(node);
      if (getter.getName().equals("getAdditionalProperties")) {
        assertThat((Map<?, ?>) value)
            .as(
                "fields unknown to the Kubernetes API in %s (%s)",
                where, node.getClass().getSimpleName())
            .isNullOrEmpty();
      } else {
        walk(value, where, seen);
      }
    }
  }

  private static <T extends HasMetadata> List<T> all(Class<T> type) {
    return applied.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void theKustomizationAppliesEveryManifestButTheSecretTemplate() throws Exception {
    Set<String> listed =
        kustomization("resources").stream()
            .map(r -> Path.of(r).getFileName().toString())
            .collect(Collectors.toSet());
    try (Stream<Path> files = Files.list(K8S)) {
      Set<String> manifests =
          files
              .map(f -> f.getFileName().toString())
              .filter(n -> n.endsWith(".yaml"))
              .collect(Collectors.toSet());
      manifests.remove("secrets.template.yaml");
      assertThat(listed).containsExactlyInAnyOrderElementsOf(manifests);
    }
    assertThat(applied).noneMatch(Secret.class::isInstance);
  }

  @Test
  void everyServiceRunsTwiceWithProbesResourcesAndADisruptionBudget() {
    List<Deployment> deployments = all(Deployment.class);
    assertThat(deployments)
        .extracting(d -> d.getMetadata().getName())
        .contains("command-side", "query-side", "realtime-push", "router");
    for (Deployment deployment : deployments) {
      String name = deployment.getMetadata().getName();
      Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
      assertThat(deployment.getSpec().getReplicas())
          .as(name + " replicas")
          .isGreaterThanOrEqualTo(2);
      assertThat(podLabels)
          .as(name + " selector matches its pods")
          .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
      assertThat(all(PodDisruptionBudget.class))
          .as(name + " has a PodDisruptionBudget")
          .anyMatch(
              pdb ->
                  podLabels
                          .entrySet()
                          .containsAll(pdb.getSpec().getSelector().getMatchLabels().entrySet())
                      && pdb.getSpec().getMinAvailable() != null);
      PodSpec pod = deployment.getSpec().getTemplate().getSpec();
      assertThat(pod.getSecurityContext().getRunAsNonRoot())
          .as(name + " runs as non-root")
          .isTrue();
      assertThat(pod.getSecurityContext().getRunAsUser()).as(name + " numeric user").isPositive();
      List<Container> containers = new ArrayList<>(pod.getContainers());
      containers.addAll(pod.getInitContainers());
      for (Container container : containers) {
        assertThat(container.getResources().getRequests())
            .as(name + "/" + container.getName() + " requests")
            .containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits())
            .as(name + "/" + container.getName() + " memory limit")
            .containsKey("memory");
      }
      for (Container container : pod.getContainers()) {
        assertThat(container.getReadinessProbe()).as(name + " readiness probe").isNotNull();
        assertThat(container.getLivenessProbe()).as(name + " liveness probe").isNotNull();
        for (Probe probe :
            Stream.of(
                    container.getStartupProbe(),
                    container.getLivenessProbe(),
                    container.getReadinessProbe())
                .filter(p -> p != null)
                .toList()) {
          assertThat(probe.getHttpGet()).as(name + " probes over HTTP").isNotNull();
          assertThat(portExists(container, probe.getHttpGet().getPort()))
              .as(name + " probe port " + probe.getHttpGet().getPort())
              .isTrue();
        }
      }
    }
  }

  @Test
  void theServicesProbeTheDocumentedLivenessAndReadinessGroups() {
    for (String name : List.of("command-side", "query-side", "realtime-push")) {
      Container app = deployment(name).getSpec().getTemplate().getSpec().getContainers().get(0);
      assertThat(app.getLivenessProbe().getHttpGet().getPath())
          .isEqualTo("/actuator/health/liveness");
      assertThat(app.getReadinessProbe().getHttpGet().getPath())
          .isEqualTo("/actuator/health/readiness");
      assertThat(app.getImage()).isEqualTo("parley/" + name);
      assertThat(app.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
      assertThat(app.getVolumeMounts()).anyMatch(m -> m.getMountPath().equals("/tmp"));
      assertThat(app.getEnvFrom())
          .extracting(EnvFromSource::getConfigMapRef)
          .anyMatch(ref -> ref != null && ref.getName().equals("parley-config"));
      assertThat(app.getEnvFrom())
          .extracting(EnvFromSource::getSecretRef)
          .anyMatch(
              ref -> ref != null && ref.getName().equals(secretTemplate.getMetadata().getName()));
    }
  }

  @Test
  void everyServiceSelectsPodsAndPortsThatExist() {
    for (Service service : all(Service.class)) {
      if ("ExternalName".equals(service.getSpec().getType())) {
        assertThat(service.getSpec().getExternalName()).isNotBlank();
        continue;
      }
      Map<String, String> selector = service.getSpec().getSelector();
      Deployment target =
          all(Deployment.class).stream()
              .filter(
                  d ->
                      d.getSpec()
                          .getTemplate()
                          .getMetadata()
                          .getLabels()
                          .entrySet()
                          .containsAll(selector.entrySet()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new AssertionError("no pods for Service " + service.getMetadata().getName()));
      Container container = target.getSpec().getTemplate().getSpec().getContainers().get(0);
      for (ServicePort port : service.getSpec().getPorts()) {
        assertThat(portExists(container, port.getTargetPort()))
            .as(service.getMetadata().getName() + " targetPort " + port.getTargetPort())
            .isTrue();
      }
    }
  }

  @Test
  void theIngressSendsEverythingToTheRouterWithWebSocketTimeoutsAndTls() {
    Ingress ingress = all(Ingress.class).get(0);
    assertThat(ingress.getMetadata().getAnnotations())
        .containsKeys(
            "nginx.ingress.kubernetes.io/proxy-read-timeout",
            "nginx.ingress.kubernetes.io/proxy-send-timeout");
    assertThat(
            Integer.parseInt(
                ingress
                    .getMetadata()
                    .getAnnotations()
                    .get("nginx.ingress.kubernetes.io/proxy-read-timeout")))
        .as("longer than the client's heartbeat interval")
        .isGreaterThan(30);
    assertThat(ingress.getSpec().getTls()).isNotEmpty();
    for (IngressRule rule : ingress.getSpec().getRules()) {
      rule.getHttp()
          .getPaths()
          .forEach(
              path -> {
                IngressBackend backend = path.getBackend();
                Service service = service(backend.getService().getName());
                assertThat(service.getSpec().getPorts())
                    .anyMatch(p -> p.getName().equals(backend.getService().getPort().getName()));
              });
    }
  }

  @Test
  void theRouterUsesTheSharedRoutesFileAndDefinesItsThreeUpstreams() {
    @SuppressWarnings("unchecked")
    Map<String, Object> generator =
        ((List<Map<String, Object>>) (List<?>) kustomizationList("configMapGenerator")).get(0);
    assertThat(generator.get("files").toString())
        .contains("parley-routes.conf=nginx/parley-routes.conf");
    String conf = Repo.read(K8S.resolve("router/parley.conf"));
    assertThat(conf).contains("include /etc/nginx/parley/parley-routes.conf;");
    for (String upstream : List.of("parley_command", "parley_query", "parley_push")) {
      assertThat(conf).contains("upstream " + upstream + " {");
    }
    assertThat(conf)
        .contains(
            "server command-side:8081;", "server query-side:8082;", "server realtime-push:8083;");
    Routes.assertOnlyKnownUpstreams(Set.of("parley_command", "parley_query", "parley_push"));
  }

  @SuppressWarnings("unchecked")
  private static List<Object> kustomizationList(String key) {
    return (List<Object>) Repo.yaml(Repo.DEPLOY.resolve("kustomization.yaml")).get(key);
  }

  @Test
  void noSecretValueIsInTheRepository() {
    assertThat(secretTemplate.getData()).isNullOrEmpty();
    assertThat(secretTemplate.getStringData())
        .isNotEmpty()
        .allSatisfy((k, v) -> assertThat(v).as(k).isEmpty());
    for (ConfigMap config : all(ConfigMap.class)) {
      assertThat(config.getData().keySet())
          .as("secrets belong in parley-secrets")
          .noneMatch(k -> k.matches(".*(PASSWORD|SECRET|PRIVATE|TOKEN|ACCESS_KEY).*"));
    }
    Set<String> secretKeys = secretTemplate.getStringData().keySet();
    assertThat(secretKeys)
        .contains("PARLEY_DB_PASSWORD", "PARLEY_AUTH_PUBLIC_KEY", "PARLEY_AUTH_PRIVATE_KEY");
  }

  @Test
  void everyConfiguredKeyIsOneTheServicesRead() {
    Set<String> read = Repo.configurationKeysReadByTheCode();
    List<String> keys = new ArrayList<>();
    all(ConfigMap.class).forEach(c -> keys.addAll(c.getData().keySet()));
    keys.addAll(secretTemplate.getStringData().keySet());
    assertThat(keys.stream().filter(k -> k.startsWith("PARLEY_")))
        .allSatisfy(
            k -> assertThat(read).as(k + " is read by a service").contains(Repo.relaxed(k)));
  }

  private static Deployment deployment(String name) {
    return all(Deployment.class).stream()
        .filter(d -> d.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static Service service(String name) {
    return all(Service.class).stream()
        .filter(s -> s.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static boolean portExists(Container container, IntOrString port) {
    List<ContainerPort> ports = container.getPorts();
    return port.getIntVal() != null
        ? ports.stream().anyMatch(p -> p.getContainerPort().equals(port.getIntVal()))
        : ports.stream().anyMatch(p -> port.getStrVal().equals(p.getName()));
  }
}
