package io.parley.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Latency samples in nanoseconds, kept whole (runs are short, so every sample fits) and summarized
 * as percentiles in milliseconds. Thread-safe adds; summaries sort a copy.
 */
final class Latencies {
  private long[] samples = new long[1024];
  private int size;

  synchronized void add(long nanos) {
    if (size == samples.length) {
      samples = Arrays.copyOf(samples, size * 2);
    }
    samples[size++] = nanos;
  }

  synchronized int count() {
    return size;
  }

  /** p50, p90, p99, p99.9 and max in milliseconds; zeros when empty. */
  synchronized Summary summary() {
    long[] sorted = Arrays.copyOf(samples, size);
    Arrays.sort(sorted);
    return new Summary(
        size,
        at(sorted, 0.50),
        at(sorted, 0.90),
        at(sorted, 0.99),
        at(sorted, 0.999),
        size == 0 ? 0 : sorted[size - 1] / 1e6);
  }

  /** The latency at each of {@code points} percentiles (0–100), for the chart. */
  synchronized double[] curve(double[] points) {
    long[] sorted = Arrays.copyOf(samples, size);
    Arrays.sort(sorted);
    double[] values = new double[points.length];
    for (int i = 0; i < points.length; i++) {
      values[i] = at(sorted, points[i] / 100);
    }
    return values;
  }

  private static double at(long[] sorted, double quantile) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }

  record Summary(int count, double p50, double p90, double p99, double p999, double max) {
    Map<String, Object> toMap() {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("count", count);
      map.put("p50Ms", Report.round(p50));
      map.put("p90Ms", Report.round(p90));
      map.put("p99Ms", Report.round(p99));
      map.put("p999Ms", Report.round(p999));
      map.put("maxMs", Report.round(max));
      return map;
    }

    @Override
    public String toString() {
      return String.format(
          "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.1f ms (n=%,d)", p50, p90, p99, max, count);
    }
  }
}
