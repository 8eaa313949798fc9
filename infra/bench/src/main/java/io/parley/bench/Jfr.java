package io.parley.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A flight recording of the app over exactly one measured phase ({@code jcmd JFR.start} / {@code
 * JFR.dump}), summarized as the hottest methods: where CPU samples land (top of stack) and the
 * first Parley frame below them (which of our code paths pays for it).
 */
final class Jfr {
  private Jfr() {}

  static void start(long pid) {
    jcmd(pid, "JFR.start", "name=bench", "settings=profile");
  }

  /**
   * Marks the start of the measured window in a recording started before a warm-up: the dump closes
   * the chunk so far (into {@code warmFile}), and {@link #stop(long, Path, int, Instant)} keeps
   * only what follows. Starting a recording instruments JDK classes for its I/O events, and the app
   * then recompiled what inlined them: 117 % of a core inside a 20 s window started cold
   * (docs/adr/0216).
   */
  static Instant mark(long pid, Path warmFile) {
    Instant at = Instant.now();
    jcmd(pid, "JFR.dump", "name=bench", "filename=" + warmFile.toAbsolutePath());
    return at;
  }

  /** Dumps and stops the recording; returns the top {@code n} frames of each kind. */
  static Map<String, Object> stop(long pid, Path file, int n) throws IOException {
    return stop(pid, file, n, null);
  }

  /**
   * Dumps what was recorded from {@code begin} (all when null) and stops the recording; returns the
   * top {@code n} frames of each kind.
   */
  static Map<String, Object> stop(long pid, Path file, int n, Instant begin) throws IOException {
    if (begin == null) {
      jcmd(pid, "JFR.dump", "name=bench", "filename=" + file.toAbsolutePath());
    } else {
      jcmd(pid, "JFR.dump", "name=bench", "filename=" + file.toAbsolutePath(), "begin=" + begin);
    }
    jcmd(pid, "JFR.stop", "name=bench");
    Path tool = Path.of(System.getProperty("java.home"), "bin", "jfr");
    Path printed = file.resolveSibling(file.getFileName() + ".txt");
    run(
        List.of(
            tool.toString(),
            "print",
            "--stack-depth",
            "64",
            "--events",
            "jdk.ExecutionSample",
            file.toString()),
        printed);
    Map<String, Integer> top = new HashMap<>();
    Map<String, Integer> parley = new HashMap<>();
    int samples = 0;
    List<String> stack = new ArrayList<>();
    boolean inStack = false;
    for (String line : Files.readAllLines(printed, StandardCharsets.UTF_8)) {
      String trimmed = line.trim();
      if (trimmed.startsWith("stackTrace = [")) {
        inStack = true;
        stack.clear();
      } else if (inStack && trimmed.startsWith("]")) {
        inStack = false;
        if (!stack.isEmpty()) {
          samples++;
          top.merge(stack.get(0), 1, Integer::sum);
          stack.stream()
              .filter(frame -> frame.startsWith("io.parley."))
              .findFirst()
              .ifPresent(frame -> parley.merge(frame, 1, Integer::sum));
        }
      } else if (inStack && !trimmed.equals("...")) {
        int cut = trimmed.indexOf(" line:");
        stack.add(cut > 0 ? trimmed.substring(0, cut) : trimmed);
      }
    }
    Files.deleteIfExists(printed);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("file", file.toString());
    summary.put("executionSamples", samples);
    summary.put("topOfStack", ranked(top, n, samples));
    summary.put("firstParleyFrame", ranked(parley, n, samples));
    return summary;
  }

  private static List<String> ranked(Map<String, Integer> counts, int n, int samples) {
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(n)
        .map(
            e ->
                String.format("%.1f%% %s", 100.0 * e.getValue() / Math.max(1, samples), e.getKey()))
        .toList();
  }

  private static void jcmd(long pid, String... command) {
    List<String> line = new ArrayList<>();
    line.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    line.add(String.valueOf(pid));
    line.addAll(List.of(command));
    try {
      Path log = Files.createTempFile("jcmd", ".txt");
      run(line, log);
      Files.deleteIfExists(log);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static String jcmdOutput(long pid, String... command) throws IOException {
    List<String> line = new ArrayList<>();
    line.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    line.add(String.valueOf(pid));
    line.addAll(List.of(command));
    Path log = Files.createTempFile("jcmd", ".txt");
    run(line, log);
    String text = Files.readString(log);
    Files.deleteIfExists(log);
    return text;
  }

  private static void run(List<String> command, Path output) throws IOException {
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    try {
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(command + " did not finish");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
