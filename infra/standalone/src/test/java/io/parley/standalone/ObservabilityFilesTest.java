package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Grafana dashboard and the Prometheus alert rules in infra/observability reference only
 * metrics docs/metrics.md documents, so neither can drift from what the services expose (which
 * MetricsScrapeTest checks against the same page).
 */
class ObservabilityFilesTest {
  private static final Set<String> PROMQL_WORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "bool",
          "and",
          "or",
          "unless",
          "offset",
          "inf",
          "nan");
  private static final List<String> SERIES_PARTS = List.of("", "_bucket", "_count", "_sum", "_max");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  @Test
  void everyAlertRuleIsValidAndUsesOnlyDocumentedMetrics() throws IOException {
    List<String> expressions = alertExpressions();
    assertThat(expressions).hasSizeGreaterThanOrEqualTo(3);
    Set<String> used = new TreeSet<>();
    expressions.forEach(expression -> used.addAll(metricsIn(expression)));
    assertThat(undocumented(used)).as("undocumented metrics in alerts.yml").isEmpty();
    assertThat(used)
        .as("alerts cover lag, dead letters and shedding")
        .contains("parley_processor_lag_seconds", "parley_events_parked", "parley_http_shed_total");
  }

  @Test
  void everyDashboardPanelUsesOnlyDocumentedMetrics() throws IOException {
    JsonNode dashboard =
        new ObjectMapper()
            .readTree(
                DocumentedMetrics.repositoryFile("infra/observability/grafana/parley.json")
                    .toFile());
    List<String> expressions = new ArrayList<>();
    dashboard.findValues("expr").forEach(node -> expressions.add(node.asText()));
    dashboard.findValues("query").stream()
        .filter(JsonNode::isTextual)
        .map(JsonNode::asText)
        .filter(query -> query.startsWith("label_values("))
        .forEach(expressions::add);
    assertThat(expressions).hasSizeGreaterThanOrEqualTo(10);
    Set<String> used = new TreeSet<>();
    expressions.forEach(expression -> used.addAll(metricsIn(expression)));
    assertThat(undocumented(used)).as("undocumented metrics in grafana/parley.json").isEmpty();
    assertThat(used)
        .as("the dashboard shows throughput, latency, lag, sockets and errors")
        .contains(
            "parley_push_deliveries_total",
            "parley_push_latency_seconds_bucket",
            "parley_processor_lag_seconds",
            "parley_push_sockets",
            "parley_http_shed_total");
  }

  @Test
  void aNameTheDocsDoNotListIsCaught() {
    Set<String> used =
        metricsIn(
            "histogram_quantile(0.99, sum by (le) (rate(parley_push_latency_seconds_bucket[5m])))"
                + " + sum without (instance) (parley_made_up_total{status=~\"5..\"})");
    assertThat(used)
        .containsExactlyInAnyOrder("parley_push_latency_seconds_bucket", "parley_made_up_total");
    assertThat(undocumented(used)).containsExactly("parley_made_up_total");
  }

  /** The metric names a PromQL expression selects: identifiers that are no function or keyword. */
  static Set<String> metricsIn(String expression) {
    String bare =
        expression
            .replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
            .replaceAll("\\{[^}]*}", " ")
            .replaceAll("\\[[^]]*]", " ")
            .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
    Set<String> names = new TreeSet<>();
    Matcher identifier = IDENTIFIER.matcher(bare);
    while (identifier.find()) {
      String word = identifier.group();
      boolean call = bare.substring(identifier.end()).stripLeading().startsWith("(");
      boolean partOfNumber =
          identifier.start() > 0 && Character.isDigit(bare.charAt(identifier.start() - 1));
      if (!call && !partOfNumber && !PROMQL_WORDS.contains(word.toLowerCase())) {
        names.add(word);
      }
    }
    // label_values(metric, label): the label is no metric
    Matcher labelValues =
        Pattern.compile("label_values\\(\\s*[a-zA-Z_:][a-zA-Z0-9_:]*\\s*,\\s*(\\w+)\\s*\\)")
            .matcher(bare);
    while (labelValues.find()) {
      names.remove(labelValues.group(1));
    }
    return names;
  }

  private static Set<String> undocumented(Set<String> used) {
    Set<String> documented = DocumentedMetrics.names();
    Set<String> missing = new TreeSet<>();
    for (String name : used) {
      boolean known =
          documented.stream()
              .anyMatch(
                  family -> SERIES_PARTS.stream().anyMatch(part -> name.equals(family + part)));
      if (!known) {
        missing.add(name);
      }
    }
    return missing;
  }

  @SuppressWarnings("unchecked")
  private static List<String> alertExpressions() throws IOException {
    List<String> expressions = new ArrayList<>();
    try (Reader reader =
        Files.newBufferedReader(
            DocumentedMetrics.repositoryFile("infra/observability/prometheus/alerts.yml"))) {
      Map<String, Object> rules = new Yaml().load(reader);
      for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
        for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
          assertThat(rule).containsKeys("alert", "expr");
          expressions.add(String.valueOf(rule.get("expr")));
        }
      }
    }
    return expressions;
  }
}
