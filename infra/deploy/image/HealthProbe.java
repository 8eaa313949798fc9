import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The images' health check without a shell or curl: exits 0 when the URL answers 2xx within the
 * timeout, 1 otherwise. Compose runs it in exec form, e.g. {@code java -cp /opt/parley/probe
 * HealthProbe http://127.0.0.1:8081/actuator/health/readiness}.
 */
public final class HealthProbe {
  private HealthProbe() {}

  public static void main(String[] args) {
    String url = args.length > 0 ? args[0] : "http://127.0.0.1:8080/actuator/health/readiness";
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET().build();
      int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      System.out.println(url + " " + status);
      System.exit(status >= 200 && status < 300 ? 0 : 1);
    } catch (Exception e) {
      System.out.println(url + " " + e);
      System.exit(1);
    }
  }
}
