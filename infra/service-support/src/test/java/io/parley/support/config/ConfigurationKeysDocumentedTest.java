package io.parley.support.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every configuration key the services read is documented in {@code docs/configuration.md}. The
 * keys are found in the services' main code and configuration files: {@code ${key}} placeholders
 * (in {@code @Value} and in the shipped {@code .properties}), {@code Environment.getProperty} and
 * {@code containsProperty} calls (a prefix held in a variable is resolved, a name inside one
 * becomes {@code <name>}), {@code @ConditionalOnProperty}, {@code @ConfigurationProperties}
 * prefixes with their record components, the {@code parley.*} keys the shipped files set, and
 * environment variables read with {@code System.getenv}.
 */
class ConfigurationKeysDocumentedTest {
  static final List<String> MODULES =
      List.of(
          "command-side",
          "query-side",
          "realtime-push",
          "infra/service-support",
          "infra/standalone",
          "infra/local-stores");

  private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]+)");
  private static final Pattern PROPERTY_CALL =
      Pattern.compile(
          "(?<!System\\.)\\b(?:getProperty|getRequiredProperty|containsProperty)\\(\\s*([^,()]+?)\\s*[,)]");
  private static final Pattern CONDITIONAL =
      Pattern.compile("@(?:[\\w.]+\\.)?ConditionalOnProperty\\(([^)]*)\\)");
  private static final Pattern CONFIGURATION_PROPERTIES =
      Pattern.compile(
          "@ConfigurationProperties\\(\\s*(?:(?:prefix|value)\\s*=\\s*)?\"([^\"]+)\"[^)]*\\)"
              + "[\\s\\S]*?record\\s+\\w+\\s*\\(([\\s\\S]*?)\\)\\s*(?:implements[^{]*)?\\{");
  private static final Pattern GETENV =
      Pattern.compile(
          "getenv\\(\\s*\"([A-Z0-9_]+)\"|getenv\\(\\)\\.getOrDefault\\(\\s*\"([A-Z0-9_]+)\"");

  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("docs/configuration.md"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("the repository root, with docs/configuration.md").isNotNull();
    return dir;
  }

  static Set<String> keysRead(Path root) {
    Set<String> keys = new TreeSet<>();
    for (String module : MODULES) {
      for (Path file : files(root.resolve(module).resolve("src/main"))) {
        String name = file.getFileName().toString();
        String text = read(file);
        if (name.endsWith(".java")) {
          keys.addAll(javaKeys(text));
        } else if (name.endsWith(".properties") && !file.toString().contains("META-INF")) {
          keys.addAll(propertiesKeys(text));
        } else if (name.endsWith(".yml") || name.endsWith(".yaml")) {
          keys.addAll(placeholders(text));
        }
      }
    }
    keys.removeIf(key -> key.startsWith("<") || !key.matches(".*[A-Za-z].*"));
    return keys;
  }

  static Set<String> javaKeys(String text) {
    Set<String> keys = new TreeSet<>();
    Matcher literal = STRING.matcher(text);
    while (literal.find()) {
      keys.addAll(placeholders(literal.group(1)));
    }
    Matcher call = PROPERTY_CALL.matcher(text);
    while (call.find()) {
      keys.add(resolve(call.group(1), text, 0));
    }
    Matcher conditional = CONDITIONAL.matcher(text);
    while (conditional.find()) {
      String args = conditional.group(1);
      String prefix = attribute(args, "prefix");
      List<String> names = new ArrayList<>();
      Matcher nameList =
          Pattern.compile("(?:name|value)\\s*=\\s*\\{?([^}=]*?)(?:}|,\\s*\\w+\\s*=|$)")
              .matcher(args);
      if (nameList.find()) {
        Matcher each = STRING.matcher(nameList.group(1));
        while (each.find()) {
          names.add(each.group(1));
        }
      } else {
        Matcher bare = STRING.matcher(args);
        if (bare.find()) {
          names.add(bare.group(1));
        }
      }
      for (String name : names) {
        keys.add(prefix == null ? name : prefix + "." + name);
      }
    }
    Matcher properties = CONFIGURATION_PROPERTIES.matcher(text);
    while (properties.find()) {
      for (String component : components(properties.group(2))) {
        keys.add(properties.group(1) + "." + kebab(component));
      }
    }
    Matcher env = GETENV.matcher(text);
    while (env.find()) {
      keys.add(env.group(1) != null ? env.group(1) : env.group(2));
    }
    return keys;
  }

  /** A key expression: literals and variables joined by {@code +}; unknown names become <name>. */
  static String resolve(String expression, String text, int depth) {
    StringBuilder key = new StringBuilder();
    for (String part : expression.split("\\+")) {
      String p = part.trim();
      if (p.startsWith("\"") && p.endsWith("\"") && p.length() >= 2) {
        key.append(p, 1, p.length() - 1);
      } else if (p.matches("[A-Za-z_]\\w*") && depth < 3) {
        Matcher assigned = Pattern.compile("\\bString\\s+" + p + "\\s*=\\s*([^;]+);").matcher(text);
        key.append(assigned.find() ? resolve(assigned.group(1), text, depth + 1) : "<name>");
      } else {
        key.append("<name>");
      }
    }
    return key.toString();
  }

  static Set<String> propertiesKeys(String text) {
    Set<String> keys = new TreeSet<>();
    for (String line : text.split("\n")) {
      String trimmed = line.trim();
      if (trimmed.isEmpty() || trimmed.startsWith("#") || !trimmed.contains("=")) {
        continue;
      }
      String key = trimmed.substring(0, trimmed.indexOf('=')).trim();
      if (key.startsWith("parley.")) {
        keys.add(key);
      }
      keys.addAll(placeholders(trimmed.substring(trimmed.indexOf('=') + 1)));
    }
    return keys;
  }

  static Set<String> placeholders(String text) {
    Set<String> keys = new TreeSet<>();
    Matcher placeholder = PLACEHOLDER.matcher(text);
    while (placeholder.find()) {
      keys.add(placeholder.group(1));
    }
    return keys;
  }

  private static String attribute(String args, String name) {
    Matcher m = Pattern.compile("\\b" + name + "\\s*=\\s*\"([^\"]*)\"").matcher(args);
    return m.find() ? m.group(1) : null;
  }

  /** The names of a record's components, annotations and generic types skipped. */
  static List<String> components(String parameters) {
    List<String> names = new ArrayList<>();
    int depth = 0;
    StringBuilder current = new StringBuilder();
    for (char c : (parameters + ",").toCharArray()) {
      if (c == '<' || c == '(') {
        depth++;
      } else if (c == '>' || c == ')') {
        depth--;
      }
      if (c == ',' && depth == 0) {
        String[] words = current.toString().trim().split("\\s+");
        if (words.length > 0 && !words[words.length - 1].isEmpty()) {
          names.add(words[words.length - 1]);
        }
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    return names;
  }

  static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  /**
   * Whether the doc names the key whole, or a pattern that covers it: {@code
   * parley.processors.<name>.mode} covers {@code parley.processors.inbox.mode}.
   */
  static boolean documented(String doc, String key) {
    if (Pattern.compile("(?<![\\w.<>-])" + Pattern.quote(key) + "(?![\\w-]|\\.[\\w<])")
        .matcher(doc)
        .find()) {
      return true;
    }
    Matcher pattern = Pattern.compile("`([\\w.-]*<name>[\\w.<>-]*)`").matcher(doc);
    while (pattern.find()) {
      String regex = Pattern.quote(pattern.group(1)).replace("<name>", "\\E[\\w-]+\\Q");
      if (!key.contains("<") && key.matches(regex)) {
        return true;
      }
    }
    return false;
  }

  private static List<Path> files(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void everyKeyTheServicesReadIsDocumented() {
    Path root = root();
    String doc = read(root.resolve("docs/configuration.md"));

    List<String> missing = keysRead(root).stream().filter(key -> !documented(doc, key)).toList();

    assertThat(missing)
        .as("keys read by the code but missing from docs/configuration.md")
        .isEmpty();
  }

  @Test
  void theScanFindsKeysOfEveryKind() {
    Set<String> keys = keysRead(root());

    assertThat(keys)
        .contains(
            "parley.node-id", // Environment.getProperty
            "parley.node-id-lease.ttl", // a prefix held in a variable
            "parley.processors.<name>.batch-size", // a name inside the prefix
            "parley.gateway.resume-window", // @ConfigurationProperties record component
            "parley.events.notify", // @ConditionalOnProperty
            "parley.cql.keyspace", // @Value placeholder
            "parley.db.pool-size", // placeholder in parley-defaults.properties
            "PARLEY_COMMAND_PORT", // placeholder in command-side.properties
            "parley.admin.port", // set in standalone.properties
            "PARLEY_CQL_JAVA", // System.getenv
            "PARLEY_CQL_JAVA_OPTS");
    assertThat(keys).doesNotContain("java.home", "user.name");
  }

  @Test
  void aKeyIsDocumentedOnlyByItsWholeName() {
    String doc = "| `parley.files.s3.bucket` | x |\n| `parley.processors.<name>.threads` |";

    assertThat(documented(doc, "parley.files.s3.bucket")).isTrue();
    assertThat(documented(doc, "parley.files.s3")).isFalse();
    assertThat(documented(doc, "parley.files.s3.buck")).isFalse();
    assertThat(documented(doc, "parley.processors.<name>.threads")).isTrue();
    assertThat(documented(doc, "parley.processors.inbox.threads")).isTrue();
    assertThat(documented(doc, "parley.processors.inbox.segments")).isFalse();
  }
}
