package io.parley.bench;

import java.io.IOException;
import java.util.Locale;

/**
 * How busy a JVM's JIT compilers have been, from its performance counters ({@code jcmd
 * PerfCounter.print}: {@code java.ci.totalTime} over {@code sun.os.hrt.frequency}). On two
 * saturated cores the app's single C2 thread falls minutes behind: a fixed warm-up can end with the
 * hottest methods of the measured path still queued (docs/adr/0216).
 */
final class JitCompilers {
  private JitCompilers() {}

  /** Seconds the compiler threads of {@code pid} have spent compiling since it started. */
  static double compileSeconds(long pid) {
    try {
      String counters = Jfr.jcmdOutput(pid, "PerfCounter.print");
      return counter(counters, "java.ci.totalTime") / counter(counters, "sun.os.hrt.frequency");
    } catch (IOException | RuntimeException e) {
      return Double.NaN; // no counters (e.g. -XX:-UsePerfData): the warm-up runs its minimum
    }
  }

  private static double counter(String counters, String name) {
    for (String line : counters.split("\n")) {
      if (line.startsWith(name + "=")) {
        return Double.parseDouble(line.substring(name.length() + 1).trim());
      }
    }
    throw new IllegalStateException("no performance counter " + name);
  }

  /**
   * Runs {@code operation} unmeasured for at least {@code minSeconds}, then on in 10 s steps while
   * the app's compilers were busy for more than 5 % of the last step, {@code maxSeconds} at most.
   * Returns what it ran: the seconds, and the compilers' share of the last step.
   */
  static Warmed warm(
      String tag,
      long pid,
      int threads,
      double minSeconds,
      double maxSeconds,
      StoreBaselines.Operation operation)
      throws Exception {
    return warm(
        tag,
        pid,
        minSeconds,
        maxSeconds,
        step -> StoreBaselines.warm(tag, threads, step, operation));
  }

  /**
   * Runs {@code load} unmeasured for at least {@code minSeconds}, then on in 10 s steps while the
   * compilers of {@code pid} were busy for more than 5 % of the last step, {@code maxSeconds} at
   * most; a {@code pid} below 0 (a process without counters) runs {@code minSeconds} only. On two
   * saturated cores the app's one C2 thread stays busy for minutes under the busy scenarios' load
   * (docs/adr/0229): a fixed warm-up measured it compiling.
   */
  static Warmed warm(String tag, long pid, double minSeconds, double maxSeconds, Step load)
      throws Exception {
    if (minSeconds <= 0) {
      return new Warmed(0, Double.NaN);
    }
    double ran = 0;
    double share = Double.NaN;
    while (true) {
      double step = ran < minSeconds ? minSeconds : Math.min(10, maxSeconds - ran);
      double before = pid < 0 ? Double.NaN : compileSeconds(pid);
      long start = System.nanoTime();
      load.run(step);
      double elapsed = (System.nanoTime() - start) / 1e9;
      ran += elapsed;
      share = (pid < 0 ? Double.NaN : compileSeconds(pid) - before) / elapsed;
      Bench.log(
          String.format(
              Locale.ROOT,
              "%s: %.0f s warm, the app's compilers busy %.0f%% of the last %.0f s",
              tag,
              ran,
              100 * share,
              elapsed));
      if (Double.isNaN(share) || share <= 0.05 || ran >= maxSeconds) {
        return new Warmed(ran, share);
      }
    }
  }

  /** One step of a warm-up: the load, unmeasured, for about {@code seconds}. */
  @FunctionalInterface
  interface Step {
    void run(double seconds) throws Exception;
  }

  /** A warm-up's length, and its compilers' busy share over its last step. */
  record Warmed(double seconds, double compilerShare) {}
}
