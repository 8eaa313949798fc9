package io.parley.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routers' nginx configurations, with the shared routes file included, pass `nginx -t` (the
 * Debian nginx the multi-process deployment installs). Host names become 127.0.0.1, since the
 * Compose and Kubernetes names do not resolve here, and Compose's `resolve` (nginx ≥ 1.27.3) is
 * dropped for older nginx.
 */
class RouterConfigTest {
  private static final Path NGINX = Path.of("/usr/sbin/nginx");
  @TempDir Path dir;

  @BeforeEach
  void nginxAndTheRoutesFileAreThere() {
    Assumptions.assumeTrue(Files.isExecutable(NGINX), "no nginx installed");
    Assumptions.assumeTrue(
        Files.exists(Repo.ROUTES), "the shared routes file is not on this branch yet");
  }

  @Test
  void theComposeRouterConfigurationIsValid() throws Exception {
    String upstreams = localHosts(Repo.read(Repo.DEPLOY.resolve("compose/nginx/upstreams.conf")));
    String server = Repo.read(Repo.DEPLOY.resolve("compose/nginx/parley.conf"));
    assertValid(upstreams + server, "/etc/nginx/parley-routes.conf");
  }

  @Test
  void theKubernetesRouterConfigurationIsValid() throws Exception {
    String conf = localHosts(Repo.read(Repo.DEPLOY.resolve("k8s/router/parley.conf")));
    assertValid(conf, "/etc/nginx/parley/parley-routes.conf");
  }

  private String localHosts(String conf) {
    return conf.replaceAll("(?m)^resolver .*$", "")
        .replaceAll("server [\\w-]+:(\\d+)", "server 127.0.0.1:$1")
        .replace(" resolve ", " ");
  }

  private void assertValid(String parleyConf, String routesPath) throws Exception {
    String conf =
        parleyConf
            .replace(routesPath, Repo.ROUTES.toString())
            .replace("listen 80;", "listen 127.0.0.1:18080;")
            .replace("listen 8080;", "listen 127.0.0.1:18080;");
    Path main = dir.resolve("nginx.conf");
    Files.writeString(
        main,
        "pid "
            + dir.resolve("nginx.pid")
            + ";\nerror_log "
            + dir.resolve("error.log")
            + ";\nevents {}\nhttp {\n  access_log off;\n  client_body_temp_path "
            + dir
            + ";\n"
            + conf
            + "\n}\n");
    Process nginx =
        new ProcessBuilder(NGINX.toString(), "-t", "-p", dir.toString(), "-c", main.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(nginx.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(nginx.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(nginx.exitValue()).as(output).isZero();
  }
}
