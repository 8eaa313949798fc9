package io.parley.infra.stores;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The embedded Postgres's {@code pg_hba.conf}: a password for every connection, never trust. */
final class HostBasedAuthentication {
  static final String CONTENT =
      """
      # Written by Parley at every start (docs/adr/0105): every connection proves the password.
      # TYPE  DATABASE  USER  ADDRESS       METHOD
      local   all       all                 scram-sha-256
      host    all       all   127.0.0.1/32  scram-sha-256
      host    all       all   ::1/128       scram-sha-256
      """;

  private HostBasedAuthentication() {}

  static void writePasswordOnly(Path dataDirectory) {
    Path file = dataDirectory.resolve("pg_hba.conf");
    try {
      Files.writeString(file, CONTENT);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }
}
