package io.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code parley}: the operator's tool over the admin API of a running Parley. */
@Command(
    name = "parley",
    mixinStandardHelpOptions = true,
    description = "Operate a running Parley: event processors, replays, the event log.",
    subcommands = {
      ParleyCli.Processors.class,
      ParleyCli.Replay.class,
      ParleyCli.Verify.class,
      ParleyCli.DeadLetters.class,
      ParleyCli.Events.class,
      ParleyCli.Export.class,
      ParleyCli.WhoAmI.class
    })
public final class ParleyCli {
  @Option(
      names = "--url",
      scope = CommandLine.ScopeType.INHERIT,
      defaultValue = "${env:PARLEY_URL:-http://127.0.0.1:9080}",
      description =
          "Parley's management URL: the operator API is served on the management port only"
              + " (env PARLEY_URL; default ${DEFAULT-VALUE})")
  String url;

  @Option(
      names = "--user",
      scope = CommandLine.ScopeType.INHERIT,
      defaultValue = "${env:PARLEY_ADMIN_USER}",
      description = "an admin's username or email (env PARLEY_ADMIN_USER)")
  String user;

  @Option(
      names = "--password-env",
      scope = CommandLine.ScopeType.INHERIT,
      defaultValue = "PARLEY_ADMIN_PASSWORD",
      description = "environment variable holding the password (else it is asked for)")
  String passwordEnv;

  PrintStream out = System.out;
  PrintStream err = System.err;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String... args) {
    CommandLine cli = new CommandLine(new ParleyCli());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof AdminApi.ApiException api) {
            commandLine.getErr().println("parley: " + api.getMessage());
            return 1;
          }
          throw e;
        });
    return cli.execute(args);
  }

  AdminApi api() {
    if (user == null || user.isBlank()) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "an admin user is needed: --user or PARLEY_ADMIN_USER");
    }
    String password = System.getenv(passwordEnv);
    if (password == null) {
      Console console = System.console();
      if (console == null) {
        throw new AdminApi.ApiException(0, "no password: set " + passwordEnv);
      }
      password = new String(console.readPassword("Password for %s: ", user));
    }
    AdminApi api = new AdminApi(url);
    api.login(user, password);
    return api;
  }

  @Command(
      name = "whoami",
      description = "Show the logged-in account's user id, for PARLEY_ADMIN_USER_IDS.")
  static final class WhoAmI implements Callable<Integer> {
    @ParentCommand ParleyCli cli;

    @Override
    public Integer call() {
      JsonNode user = cli.api().get("/api/me").path("user");
      cli.out.printf("%s  %s%n", user.path("userId").asText(), user.path("username").asText());
      return 0;
    }
  }

  @Command(name = "processors", description = "List event processors: position, lag, state.")
  static final class Processors implements Callable<Integer> {
    @ParentCommand ParleyCli cli;

    @Override
    public Integer call() {
      JsonNode items = cli.api().get("/api/admin/processors").path("items");
      cli.out.printf(
          "%-28s %-9s %-10s %12s %12s %10s %10s %s%n",
          "PROCESSOR", "STATE", "REPLAYING", "POSITION", "HEAD", "LAG", "LAG-SECS", "DEAD-LETTERS");
      for (JsonNode p : items) {
        String state =
            p.path("error").asBoolean()
                ? "ERROR"
                : p.path("running").asBoolean() ? "running" : "stopped";
        cli.out.printf(
            "%-28s %-9s %-10s %12s %12d %10s %10s %s%n",
            p.path("name").asText(),
            state,
            p.path("replaying").asBoolean() ? "yes" : "no",
            text(p.path("position")),
            p.path("head").asLong(),
            text(p.path("lagEvents")),
            seconds(p.path("lagSeconds")),
            text(p.path("deadLetters")));
        if (p.hasNonNull("errorMessage")) {
          cli.out.println("    " + p.path("errorMessage").asText());
        }
      }
      return 0;
    }
  }

  @Command(
      name = "replay",
      description = "Reset a processor (or all) and rebuild its read model, with live progress.")
  static final class Replay implements Callable<Integer> {
    @ParentCommand ParleyCli cli;

    @Parameters(paramLabel = "PROCESSOR", description = "a processor name, or 'all'")
    String processor;

    @Option(names = "--no-wait", description = "start the replay and return at once")
    boolean noWait;

    @Option(names = "--poll-ms", defaultValue = "500", hidden = true)
    long pollMillis;

    @Override
    public Integer call() throws InterruptedException {
      if (!processor.matches("[A-Za-z0-9._-]{1,100}")) {
        throw new CommandLine.ParameterException(
            new CommandLine(this), "not a processor name: " + processor);
      }
      AdminApi api = cli.api();
      JsonNode started =
          api.post("/api/admin/processors/" + AdminApi.encode(processor) + "/replay").path("items");
      List<String> names = new ArrayList<>();
      long total = 0;
      for (JsonNode p : started) {
        names.add(p.path("name").asText());
        total += Math.max(p.path("replayFrom").asLong(p.path("head").asLong()), 0);
      }
      cli.out.println("Replaying " + String.join(", ", names));
      if (noWait) {
        return 0;
      }
      long startNanos = System.nanoTime();
      long lastDone = 0;
      long lastNanos = startNanos;
      double rate = 0;
      while (true) {
        Thread.sleep(pollMillis);
        long done = 0;
        boolean replaying = false;
        for (String name : names) {
          JsonNode p = api.get("/api/admin/processors/" + AdminApi.encode(name));
          // a processor that has not claimed its segments yet is not done either
          replaying |= p.path("replaying").asBoolean() || !p.path("caughtUp").asBoolean();
          long from = p.path("replayFrom").asLong(0);
          done +=
              p.path("replaying").asBoolean() ? Math.min(p.path("position").asLong(0), from) : from;
          if (p.path("error").asBoolean()) {
            cli.err.println();
            cli.err.println("parley: " + name + " failed: " + p.path("errorMessage").asText());
            return 1;
          }
        }
        long now = System.nanoTime();
        double instant = (done - lastDone) / Math.max(1e-9, (now - lastNanos) / 1e9);
        rate = rate == 0 ? instant : 0.7 * rate + 0.3 * instant;
        lastDone = done;
        lastNanos = now;
        cli.out.print("\r" + ProgressBar.render(done, total, rate));
        cli.out.flush();
        if (!replaying) {
          double seconds = (now - startNanos) / 1e9;
          cli.out.println();
          cli.out.printf(
              "Replay complete: %,d events in %.1f s (%,.0f events/s)%n",
              total, seconds, total / Math.max(seconds, 1e-9));
          return 0;
        }
      }
    }
  }

  @Command(
      name = "verify",
      description = "Check a read model against the event log; exit 3 when they differ.")
  static final class Verify implements Callable<Integer> {
    @ParentCommand ParleyCli cli;

    @Parameters(paramLabel = "PROCESSOR")
    String processor;

    @Override
    public Integer call() {
      JsonNode report =
          cli.api().post("/api/admin/processors/" + AdminApi.encode(processor) + "/verify");
      cli.out.printf(
          "%s: checked %,d items%n  log digest        %s%n  read model digest %s%n",
          processor,
          report.path("checked").asLong(),
          report.path("expectedDigest").asText(),
          report.path("actualDigest").asText());
      JsonNode differences = report.path("differences");
      if (differences.isEmpty()) {
        cli.out.println("consistent");
        return 0;
      }
      cli.out.printf(
          "%d difference(s)%s:%n",
          differences.size(), report.path("truncated").asBoolean() ? " (first ones only)" : "");
      for (JsonNode d : differences) {
        cli.out.printf(
            "  %s%n    log:        %s%n    read model: %s%n",
            d.path("where").asText(), d.path("expected").asText(), d.path("actual").asText());
      }
      return 3;
    }
  }

  @Command(
      name = "dead-letters",
      description = "List a processor's parked events; --retry them, or --drop one.")
  static final class DeadLetters implements Callable<Integer> {
    @ParentCommand ParleyCli cli;

    @Parameters(paramLabel = "PROCESSOR")
    String processor;

    @Option(names = "--retry", description = "retry every parked sequence now")
    boolean retry;

    @Option(names = "--drop", paramLabel = "EVENT_ID", description = "drop one parked event")
    String drop;

    @Override
    public Integer call() {
      AdminApi api = cli.api();
      String base = "/api/admin/dead-letters/" + AdminApi.encode(processor);
      if (retry) {
        JsonNode result = api.post(base + "/retry");
        cli.out.printf(
            "retried: %d sequence(s) cleared, %d event(s) still parked%n",
            result.path("sequencesCleared").asLong(), result.path("size").asLong());
        return 0;
      }
      if (drop != null) {
        api.delete(base + "/" + AdminApi.encode(drop));
        cli.out.println("dropped " + drop);
        return 0;
      }
      JsonNode list = api.get(base);
      cli.out.printf("%s: %d parked event(s)%n", processor, list.path("size").asLong());
      for (JsonNode sequence : list.path("sequences")) {
        for (JsonNode letter : sequence) {
          cli.out.printf(
              "  %s  %s  %s%n    conversation: %s%n    cause: %s%n",
              letter.path("eventId").asText(),
              letter.path("timestamp").asText(),
              letter.path("type").asText(),
              letter.path("conversation").asText("-"),
              letter.path("cause").asText("-"));
        }
      }
      return 0;
    }
  }

  @Command(name = "events", description = "Print the event stream of one aggregate.")
  static final class Events implements Callable<Integer> {
    @ParentCommand ParleyCli cli;

    @Parameters(paramLabel = "AGGREGATE_ID")
    String aggregateId;

    @Override
    public Integer call() {
      JsonNode items =
          cli.api().get("/api/admin/events/" + AdminApi.encode(aggregateId)).path("items");
      for (JsonNode e : items) {
        String type = e.path("type").asText();
        cli.out.printf(
            "#%-5d %s  %s%n       %s%n",
            e.path("sequence").asLong(),
            e.path("timestamp").asText(),
            type.substring(type.lastIndexOf('.') + 1),
            e.path("payload"));
      }
      return 0;
    }
  }

  @Command(name = "export", description = "Export the event log (or a time range) as NDJSON.")
  static final class Export implements Callable<Integer> {
    @ParentCommand ParleyCli cli;

    @Option(names = "--from", description = "RFC 3339 time, inclusive")
    String from;

    @Option(names = "--to", description = "RFC 3339 time, exclusive")
    String to;

    @Option(names = "--out", description = "file to write (default: standard output)")
    Path target;

    @Override
    public Integer call() throws IOException {
      StringBuilder query = new StringBuilder();
      if (from != null) {
        query.append(query.length() == 0 ? "?" : "&").append("from=").append(AdminApi.encode(from));
      }
      if (to != null) {
        query.append(query.length() == 0 ? "?" : "&").append("to=").append(AdminApi.encode(to));
      }
      try (InputStream in = cli.api().stream("/api/admin/events/export" + query);
          OutputStream out = target == null ? cli.out : Files.newOutputStream(target)) {
        in.transferTo(out);
      }
      return 0;
    }
  }

  private static String text(JsonNode node) {
    return node.isNull() || node.isMissingNode() ? "-" : node.asText();
  }

  /** Lag in seconds as the metric {@code parley_processor_lag_seconds} reports it, to 0.001 s. */
  static String seconds(JsonNode node) {
    return node.isNumber() ? String.format(java.util.Locale.ROOT, "%.3f", node.asDouble()) : "-";
  }
}
