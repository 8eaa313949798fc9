package io.parley.infra.cql;

import java.io.IOException;

/**
 * Entry point of the forked CQL node. It starts Cassandra's own daemon and exits as soon as its
 * standard input closes, which happens when the process that launched it ends for any reason
 * (Ctrl-C, SIGTERM, a crash, kill -9): a node can never outlive the app or test run that owns it.
 */
public final class CqlNodeMain {
  private CqlNodeMain() {}

  public static void main(String[] args) throws Exception {
    Thread watchdog =
        new Thread(
            () -> {
              try {
                while (System.in.read() != -1) {
                  // the parent never writes; we only wait for end of stream
                }
              } catch (IOException ignored) {
                // a broken pipe means the parent is gone, same as end of stream
              }
              System.exit(0);
            },
            "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    Class.forName("org.apache.cassandra.service.CassandraDaemon")
        .getMethod("main", String[].class)
        .invoke(null, (Object) args);
  }
}
