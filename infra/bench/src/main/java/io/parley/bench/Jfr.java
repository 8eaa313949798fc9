package io.parley.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
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
   * Marks the start of the measured window in a recording started before a warm-up: the dump keeps
   * the warm-up's part (in {@code warmFile}), and {@link #stop(long, Path, int, Instant)} counts
   * only the samples taken after it (a dump keeps whole chunks, so its file holds both). Starting a
   * recording instruments JDK classes for its I/O events, and the app then recompiled what inlined
   * them: 117 % of a core inside a 20 s window started cold (docs/adr/0216).
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
   * Dumps and stops the recording; returns the top {@code n} frames of each kind among the samples
   * taken from {@code begin} (all when null).
   */
  static Map<String, Object> stop(long pid, Path file, int n, Instant begin) throws IOException {
    jcmd(pid, "JFR.dump", "name=bench", "filename=" + file.toAbsolutePath());
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
    boolean inWindow = true;
    // `jfr print` writes each event's start as a local time of day.
    LocalTime from = begin == null ? null : LocalTime.ofInstant(begin, ZoneId.systemDefault());
    for (String line : Files.readAllLines(printed, StandardCharsets.UTF_8)) {
      String trimmed = line.trim();
      if (from != null && trimmed.startsWith("startTime = ")) {
        try {
          LocalTime at = LocalTime.parse(trimmed.substring("startTime = ".length()));
          // Within 12 hours after the mark, across midnight too: the window lasts seconds.
          inWindow = Duration.between(from, at).plusDays(1).toHours() % 24 < 12;
        } catch (DateTimeParseException e) {
          inWindow = true; // a format this filter does not know: count the sample
        }
      } else if (trimmed.startsWith("stackTrace = [")) {
        inStack = true;
        stack.clear();
      } else if (inStack && trimmed.startsWith("]")) {
        inStack = false;
        if (!stack.isEmpty() && inWindow) {
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
