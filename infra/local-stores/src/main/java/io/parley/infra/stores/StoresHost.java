package io.parley.infra.stores;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The embedded Postgres and the local CQL node as a process of their own, for the multi-process
 * deployment on one machine ({@code infra/parley cluster start}, docs/adr/0180): {@code StoresHost
 * <data-dir> <env-file>} starts both on the data directory the standalone app uses, writes the
 * services' connection settings as {@code KEY=value} lines to the env file (readable by its owner
 * only: it holds the Postgres password), prints {@code Stores ready} and runs until it is
 * terminated, which stops both stores.
 */
public final class StoresHost {
  private StoresHost() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length != 2) {
      System.err.println("usage: StoresHost <data-dir> <env-file>");
      System.exit(2);
    }
    Path dataDir = Path.of(args[0]).toAbsolutePath();
    Path envFile = Path.of(args[1]).toAbsolutePath();
    Files.createDirectories(dataDir);
    EmbeddedPostgresStore postgres = LocalStores.postgres(dataDir);
    LocalCqlNode cql = LocalStores.cql(dataDir);
    String env =
        "PARLEY_DB_URL="
            + postgres.jdbcUrl()
            + "\nPARLEY_DB_USER="
            + EmbeddedPostgresStore.USER
            + "\nPARLEY_DB_PASSWORD="
            + postgres.password()
            + "\nPARLEY_CQL_CONTACT_POINTS="
            + cql.contactPoint()
            + "\nPARLEY_CQL_DATACENTER=datacenter1\n";
    Files.createDirectories(envFile.getParent());
    Path temporary = PostgresPassword.ownerOnlyFile(envFile.getParent(), "stores-env");
    Files.writeString(temporary, env, StandardCharsets.UTF_8);
    Files.move(temporary, envFile, StandardCopyOption.REPLACE_EXISTING);
    System.out.println(
        "Stores ready: Postgres " + postgres.jdbcUrl() + ", CQL " + cql.contactPoint());
    System.out.flush();
    // LocalStores' shutdown hook stops both on SIGTERM
    Thread.currentThread().join();
  }
}
