package io.parley.support.admin;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.catalina.connector.Connector;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * A second HTTP connector of the same application, bound to a local address only (127.0.0.1 by
 * default), that alone serves the operator API (docs/adr/0087). {@code parley.admin.port} (env
 * {@code PARLEY_ADMIN_PORT}) chooses it: a port, 0 for any free one, unset or negative for none (no
 * operator API at all).
 */
public class ManagementPort
    implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {
  private final int configured;
  private final String address;
  private volatile Connector connector;

  public ManagementPort(int configured, String address) {
    this.configured = configured;
    this.address = address;
  }

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    if (configured < 0) {
      return;
    }
    if (configured > 0 && configured == factory.getPort()) {
      throw new IllegalStateException(
          "PARLEY_ADMIN_PORT must differ from the public port " + configured + ".");
    }
    Connector management = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
    management.setPort(configured);
    management.setProperty("address", address);
    factory.addAdditionalTomcatConnectors(management);
    this.connector = management;
  }

  /** After Boot's own customizers, so the public port is known. */
  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }

  /** The port it listens on once started; -1 when there is none. */
  public int port() {
    Connector current = connector;
    return current == null ? -1 : current.getLocalPort();
  }

  public String address() {
    return address;
  }

  /** Whether the request came in through the management connector. */
  public boolean serves(HttpServletRequest request) {
    int port = port();
    return port > 0 && request.getLocalPort() == port;
  }
}
