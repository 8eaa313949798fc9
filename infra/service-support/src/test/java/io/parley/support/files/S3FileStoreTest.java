package io.parley.support.files;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The contract against a real S3-compatible server: {@code moto_server}, started here on a free
 * port as a child process. Skipped when it is not installed ({@code pip install 'moto[server]'}).
 */
class S3FileStoreTest extends FileStoreContract {
  private static Process server;
  private static S3FileStore store;

  @BeforeAll
  static void startServer() throws Exception {
    assumeTrue(onPath("moto_server"), "moto_server is not on PATH");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path log = Files.createTempFile("moto", ".log");
    server =
        new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", String.valueOf(port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!listening(port)) {
      if (!server.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("moto_server did not start: " + Files.readString(log));
      }
      Thread.sleep(100);
    }
    S3FileStore.Settings settings =
        new S3FileStore.Settings(
            "parley-files", "us-east-1", "http://127.0.0.1:" + port, true, "test", "test", "t1");
    S3Client client = S3FileStore.client(settings);
    client.createBucket(request -> request.bucket("parley-files"));
    store = new S3FileStore(client, "parley-files", "t1");
  }

  @AfterAll
  static void stopServer() throws InterruptedException {
    if (store != null) {
      store.close();
    }
    if (server != null) {
      server.descendants().forEach(ProcessHandle::destroy);
      server.destroy();
      if (!server.waitFor(10, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  FileStore store() {
    return store;
  }
}
