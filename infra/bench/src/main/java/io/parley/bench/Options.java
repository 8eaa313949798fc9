package io.parley.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} options of a scenario, with the defaults recorded for the report. */
final class Options {
  private final Map<String, String> given = new LinkedHashMap<>();
  private final Map<String, Object> used = new LinkedHashMap<>();

  Options(String... args) {
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + args[i]);
      }
      String name = args[i].substring(2);
      if (name.equals("jfr")) {
        given.put(name, "true");
      } else if (i + 1 < args.length) {
        given.put(name, args[++i].replace("_", ""));
      } else {
        throw new IllegalArgumentException("--" + name + " needs a value");
      }
    }
  }

  static Options of(String... args) {
    return new Options(args);
  }

  int integer(String name, int fallback) {
    int value = given.containsKey(name) ? Integer.parseInt(given.get(name)) : fallback;
    used.put(name, value);
    return value;
  }

  double decimal(String name, double fallback) {
    double value = given.containsKey(name) ? Double.parseDouble(given.get(name)) : fallback;
    used.put(name, value);
    return value;
  }

  List<Double> decimals(String name, String fallback) {
    List<Double> values =
        Arrays.stream(given.getOrDefault(name, fallback).split(","))
            .map(Double::parseDouble)
            .toList();
    used.put(name, values);
    return values;
  }

  boolean flag(String name) {
    boolean value = Boolean.parseBoolean(given.getOrDefault(name, "false"));
    used.put(name, value);
    return value;
  }

  String text(String name, String fallback) {
    String value = given.getOrDefault(name, fallback);
    if (given.containsKey(name)) {
      used.put(name, value);
    }
    return value;
  }

  Path path(String name, String fallback) {
    return Path.of(given.getOrDefault(name, fallback));
  }

  /** Every option a scenario read, with the value it used. */
  Map<String, Object> used() {
    return new LinkedHashMap<>(used);
  }
}
