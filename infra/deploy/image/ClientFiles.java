import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Copies the browser client out of the frontend jar (its META-INF/resources) into a directory, so
 * a router can serve it: {@code java -cp /opt/parley/probe ClientFiles /app/libs /client} in the
 * standalone image (the Kubernetes router's init container).
 */
public final class ClientFiles {
  private static final String PREFIX = "META-INF/resources/";

  private ClientFiles() {}

  public static void main(String[] args) throws IOException {
    Path libs = Path.of(args[0]);
    Path target = Path.of(args[1]).toAbsolutePath().normalize();
    int copied = 0;
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(libs, "frontend-*.jar")) {
      for (Path jar : jars) {
        copied += copy(jar, target);
      }
    }
    System.out.println("copied " + copied + " client files to " + target);
    System.exit(copied > 0 ? 0 : 1);
  }

  private static int copy(Path jar, Path target) throws IOException {
    int copied = 0;
    try (JarFile file = new JarFile(jar.toFile())) {
      for (JarEntry entry : (Iterable<JarEntry>) file.stream()::iterator) {
        if (entry.isDirectory() || !entry.getName().startsWith(PREFIX)) {
          continue;
        }
        Path out = target.resolve(entry.getName().substring(PREFIX.length())).normalize();
        if (!out.startsWith(target)) {
          throw new IOException("entry outside the target: " + entry.getName());
        }
        Files.createDirectories(out.getParent());
        try (InputStream in = file.getInputStream(entry)) {
          Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
        }
        copied++;
      }
    }
    return copied;
  }
}
