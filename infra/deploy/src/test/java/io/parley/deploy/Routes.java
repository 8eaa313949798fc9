package io.parley.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/** The shared routes file (owned by the multi-process deployment) as the deployments use it. */
final class Routes {
  private Routes() {}

  /** Every upstream the routes file proxies to is one the including configurations define. */
  static void assertOnlyKnownUpstreams(Set<String> defined) {
    Assumptions.assumeTrue(
        Files.exists(Repo.ROUTES),
        "the shared routes file is not on this branch yet: " + Repo.ROUTES);
    Matcher proxy =
        Pattern.compile("proxy_pass\\s+https?://([A-Za-z0-9_]+)").matcher(Repo.read(Repo.ROUTES));
    Set<String> used = new TreeSet<>();
    while (proxy.find()) {
      used.add(proxy.group(1));
    }
    assertThat(used).isNotEmpty();
    assertThat(defined).containsAll(used);
    assertThat(Repo.read(Repo.ROUTES).lines())
        .as("the routes file leaves the upstreams to the including configuration")
        .noneMatch(line -> line.matches("\\s*upstream\\s+\\w+\\s*\\{.*"));
  }
}
