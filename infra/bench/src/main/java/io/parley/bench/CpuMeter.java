package io.parley.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * CPU time spent over a measured window: the app's process (its own threads, from the OS) and the
 * whole machine (every core's busy time in {@code /proc/stat}: the app, the stores, the harness).
 * On a machine the load saturates, throughput is the inverse of CPU per message, and CPU per
 * message is the steadier of the two figures to compare builds by (docs/perf/realtime.md, "Session
 * 21").
 */
final class CpuMeter {
  private final long pid;
  private final long appStart;
  private final long machineStart;
  private final long harnessStart;

  private CpuMeter(long pid) {
    this.pid = pid;
    this.appStart = appNanos(pid);
    this.machineStart = machineNanos();
    this.harnessStart = appNanos(ProcessHandle.current().pid());
  }

  /** Starts measuring; {@code pid} is the app's process. */
  static CpuMeter start(long pid) {
    return new CpuMeter(pid);
  }

  /** What was used since {@link #start}; a figure this machine cannot read is -1. */
  Used stop() {
    long app = appNanos(pid);
    long machine = machineNanos();
    long harness = appNanos(ProcessHandle.current().pid());
    return new Used(
        app < 0 || appStart < 0 ? -1 : app - appStart,
        machine < 0 || machineStart < 0 ? -1 : machine - machineStart,
        harness < 0 || harnessStart < 0 ? -1 : harness - harnessStart);
  }

  /** {@code harnessNanos}: the load generator's own process (this JVM), sharing the machine. */
  record Used(long appNanos, long machineNanos, long harnessNanos) {
    /** Milliseconds of CPU per unit of work ({@code count} messages, say), -1 when unknown. */
    double appMillisPer(double count) {
      return per(appNanos, count);
    }

    double machineMillisPer(double count) {
      return per(machineNanos, count);
    }

    private static double per(long nanos, double count) {
      return nanos < 0 || count <= 0 ? -1 : Report.round(nanos / 1e6 / count);
    }

    Map<String, Object> toMap(double count) {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("appCpuSeconds", nanos(appNanos));
      map.put("machineCpuSeconds", nanos(machineNanos));
      map.put("harnessCpuSeconds", nanos(harnessNanos));
      map.put("appCpuMillisPerMessage", appMillisPer(count));
      map.put("machineCpuMillisPerMessage", machineMillisPer(count));
      return map;
    }

    private static double nanos(long value) {
      return value < 0 ? -1 : Report.round(value / 1e9);
    }
  }

  private static long appNanos(long pid) {
    return ProcessHandle.of(pid)
        .flatMap(handle -> handle.info().totalCpuDuration())
        .map(Duration::toNanos)
        .orElse(-1L);
  }

  /** Busy time of all cores: every {@code cpu} field but idle and iowait, in clock ticks. */
  private static long machineNanos() {
    Optional<String> line;
    try {
      line =
          Files.readAllLines(Path.of("/proc/stat")).stream()
              .filter(l -> l.startsWith("cpu "))
              .findFirst();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    if (line.isEmpty()) {
      return -1;
    }
    String[] fields = line.get().trim().split("\\s+");
    long busy = 0;
    // user nice system idle iowait irq softirq steal; guest time is already in user
    for (int i = 1; i < Math.min(fields.length, 9); i++) {
      if (i != 4 && i != 5) {
        busy += Long.parseLong(fields[i]);
      }
    }
    return busy * 10_000_000L; // USER_HZ is 100 on Linux
  }
}
