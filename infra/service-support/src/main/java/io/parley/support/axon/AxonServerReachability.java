package io.parley.support.axon;

import io.parley.support.config.StoreMisconfiguredException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * With Axon Server, checks at start-up that at least one configured server answers, so a wrong
 * address fails in seconds with one clear line instead of the connector retrying forever.
 */
@Component
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "true")
public class AxonServerReachability implements InitializingBean {
  private final String servers;

  public AxonServerReachability(
      @Value("${axon.axonserver.servers:localhost:8124}") String servers) {
    this.servers = servers;
  }

  @Override
  public void afterPropertiesSet() {
    for (String server : servers.split(",")) {
      String trimmed = server.trim();
      int colon = trimmed.lastIndexOf(':');
      String host = colon < 0 ? trimmed : trimmed.substring(0, colon);
      int port = colon < 0 ? 8124 : Integer.parseInt(trimmed.substring(colon + 1));
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(host, port), 3000);
        return;
      } catch (IOException e) {
        // try the next one
      }
    }
    throw new StoreMisconfiguredException(
        "Axon Server",
        "No Axon Server answers at " + servers + ".",
        "Start Axon Server or set PARLEY_AXONSERVER_SERVERS (host:port[,host:port]); without the"
            + " 'axonserver' profile Parley uses the JDBC event store in Postgres instead.");
  }
}
