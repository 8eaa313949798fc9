package io.parley.standalone;

import java.util.ArrayList;
import java.util.List;

/** One answer of {@code /actuator/prometheus}, in the Prometheus text format. */
final class Scrape {
  private record Sample(String name, String labels, double value) {}

  private static final List<String> HISTOGRAM_PARTS = List.of("", "_bucket", "_count", "_sum");

  private final List<Sample> samples = new ArrayList<>();

  Scrape(String text) {
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      String series = line.substring(0, space);
      int brace = series.indexOf('{');
      String name = brace < 0 ? series : series.substring(0, brace);
      String labels = brace < 0 ? "" : series.substring(brace);
      samples.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1))));
    }
  }

  /** Whether a series of this family is shown (a histogram by its buckets, count or sum). */
  boolean has(String family) {
    return samples.stream()
        .anyMatch(s -> HISTOGRAM_PARTS.stream().anyMatch(part -> s.name().equals(family + part)));
  }

  /** The sum over the series named {@code name}; 0 when there is none. */
  double value(String name) {
    return value(name, "");
  }

  /** The sum over the series named {@code name} whose labels contain {@code label}. */
  double value(String name, String label) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && s.labels().contains(label))
        .mapToDouble(Sample::value)
        .sum();
  }
}
