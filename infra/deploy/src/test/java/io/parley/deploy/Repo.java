package io.parley.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The repository's files as the tests read them. */
final class Repo {
  static final Path ROOT =
      Path.of(System.getProperty("parley.repo.root", "../..")).toAbsolutePath().normalize();
  static final Path DEPLOY = ROOT.resolve("infra/deploy");
  static final Path ROUTES = DEPLOY.resolve("nginx/parley-routes.conf");

  private Repo() {}

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every document of a YAML file, with anchors and merge keys resolved. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> yamlDocuments(Path file) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    List<Map<String, Object>> documents = new ArrayList<>();
    for (Object document : new Yaml(options).loadAll(read(file))) {
      if (document != null) {
        documents.add((Map<String, Object>) document);
      }
    }
    return documents;
  }

  static Map<String, Object> yaml(Path file) {
    List<Map<String, Object>> documents = yamlDocuments(file);
    if (documents.size() != 1) {
      throw new IllegalStateException(file + " holds " + documents.size() + " documents");
    }
    return documents.get(0);
  }

  /**
   * The configuration keys the services read, in relaxed form (lower case, letters and digits
   * only): every {@code parley.*} key and {@code ${PARLEY_*}} placeholder in their main sources.
   */
  static Set<String> configurationKeysReadByTheCode() {
    Pattern key = Pattern.compile("(parley\\.[a-z0-9.-]+|PARLEY_[A-Z0-9_]+)");
    Set<String> keys = new TreeSet<>();
    for (String module :
        List.of(
            "command-side",
            "query-side",
            "realtime-push",
            "infra/service-support",
            "infra/standalone",
            "infra/local-stores")) {
      Path main = ROOT.resolve(module).resolve("src/main");
      if (!Files.isDirectory(main)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(main)) {
        files
            .filter(Files::isRegularFile)
            .filter(f -> f.toString().matches(".*\\.(java|properties|ya?ml)$"))
            .forEach(
                f -> {
                  Matcher m = key.matcher(read(f));
                  while (m.find()) {
                    keys.add(relaxed(m.group(1)));
                  }
                });
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return keys;
  }

  /** Spring's relaxed binding: PARLEY_HTTP_TRUSTED_PROXIES and parley.http.trusted-proxies meet. */
  static String relaxed(String key) {
    return key.toLowerCase().replaceAll("[^a-z0-9]", "");
  }
}
