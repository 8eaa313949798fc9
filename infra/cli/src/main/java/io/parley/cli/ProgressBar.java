package io.parley.cli;

import java.time.Duration;

/** Renders one line: bar, percentage, events per second and time left. */
final class ProgressBar {
  private static final int WIDTH = 30;

  private ProgressBar() {}

  static String render(long done, long total, double eventsPerSecond) {
    double fraction = total <= 0 ? 1.0 : Math.min(1.0, Math.max(0.0, done / (double) total));
    int filled = (int) Math.round(fraction * WIDTH);
    String eta =
        eventsPerSecond > 0 && total > done
            ? format(Duration.ofSeconds((long) Math.ceil((total - done) / eventsPerSecond)))
            : "--:--";
    return String.format(
        "[%s%s] %5.1f%%  %,d/%,d events  %,.0f events/s  ETA %s",
        "#".repeat(filled),
        "-".repeat(WIDTH - filled),
        fraction * 100,
        done,
        total,
        eventsPerSecond,
        eta);
  }

  private static String format(Duration d) {
    long s = d.toSeconds();
    return s >= 3600
        ? String.format("%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60)
        : String.format("%d:%02d", s / 60, s % 60);
  }
}
