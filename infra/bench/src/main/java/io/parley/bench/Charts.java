package io.parley.bench;

import java.util.Locale;
import java.util.Map;

/** A self-contained HTML page with an SVG chart: latency by percentile, one line per series. */
final class Charts {
  private static final double[] POINTS = {
    0, 10, 20, 30, 40, 50, 60, 70, 75, 80, 85, 90, 92, 94, 95, 96, 97, 98, 99, 99.5, 99.9, 100
  };
  private static final String[] COLOURS = {
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#17becf", "#7f7f7f"
  };

  private Charts() {}

  static String percentiles(String title, Map<String, Latencies> series) {
    int width = 900;
    int height = 480;
    int left = 70;
    int bottom = 50;
    double max = 1;
    for (Latencies latencies : series.values()) {
      double[] curve = latencies.curve(POINTS);
      max = Math.max(max, curve[curve.length - 2]); // p99.9: the max alone would flatten the rest
    }
    double top = niceCeiling(max);
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif'"
                + " font-size='12'>%n",
            width,
            height));
    int plotWidth = width - left - 20;
    int plotHeight = height - bottom - 20;
    for (int i = 0; i <= 5; i++) {
      double y = 20 + plotHeight - plotHeight * i / 5.0;
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='#ddd'/><text x='5' y='%.1f'>%.1f"
                  + " ms</text>%n",
              left,
              y,
              left + plotWidth,
              y,
              y + 4,
              top * i / 5));
    }
    for (int i = 0; i < POINTS.length; i++) {
      double x = left + plotWidth * position(i);
      if (POINTS[i] == 0 || POINTS[i] == 50 || POINTS[i] >= 90) {
        svg.append(
            String.format(
                Locale.ROOT,
                "<text x='%.1f' y='%d' text-anchor='middle'>p%s</text>%n",
                x,
                height - bottom + 18,
                POINTS[i] == Math.rint(POINTS[i])
                    ? String.valueOf((int) POINTS[i])
                    : String.valueOf(POINTS[i])));
      }
    }
    int colour = 0;
    int legendY = 30;
    for (Map.Entry<String, Latencies> entry : series.entrySet()) {
      double[] curve = entry.getValue().curve(POINTS);
      StringBuilder points = new StringBuilder();
      for (int i = 0; i < POINTS.length; i++) {
        double x = left + plotWidth * position(i);
        double y = 20 + plotHeight - plotHeight * Math.min(1, curve[i] / top);
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      }
      String stroke = COLOURS[colour++ % COLOURS.length];
      svg.append(
          String.format(
              Locale.ROOT,
              "<polyline fill='none' stroke='%s' stroke-width='2' points='%s'/>%n"
                  + "<text x='%d' y='%d' fill='%s'>%s (n=%,d)</text>%n",
              stroke,
              points,
              left + 10,
              legendY,
              stroke,
              escape(entry.getKey()),
              entry.getValue().count()));
      legendY += 16;
    }
    svg.append("</svg>\n");
    return "<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>"
        + escape(title)
        + "</title></head>\n<body><h1>"
        + escape(title)
        + "</h1>\n<p>Latency (ms) by percentile; the axis is cut at the largest p99.9.</p>\n"
        + svg
        + "</body></html>\n";
  }

  /** Percentile points spaced evenly by index, so the tail gets as much room as the body. */
  private static double position(int index) {
    return index / (double) (POINTS.length - 1);
  }

  private static double niceCeiling(double value) {
    double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
    for (double step : new double[] {1, 2, 5, 10}) {
      if (step * magnitude >= value) {
        return step * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
