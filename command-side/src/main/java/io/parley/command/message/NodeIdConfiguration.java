package io.parley.command.message;

import io.parley.support.db.ModuleMigration;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code parley.node-id} when set (one instance, or ids handed out by the operator); otherwise a
 * lease from Postgres, so N command-side instances need no setup (docs/adr/0170).
 */
@Configuration(proxyBeanMethods = false)
class NodeIdConfiguration {
  /** A lease is released (closed) when the context closes, after the web server stopped. */
  @Bean
  NodeId nodeId(
      Environment environment,
      JdbcTemplate jdbc,
      TransactionTemplate transactions,
      @Qualifier("commandSideMigration") ModuleMigration schema) {
    Integer fixed = environment.getProperty("parley.node-id", Integer.class);
    if (fixed != null) {
      return NodeId.fixed(fixed);
    }
    String prefix = "parley.node-id-lease.";
    return NodeIdLease.start(
        jdbc,
        transactions,
        environment.getProperty(prefix + "ttl", Duration.class, Duration.ofSeconds(30)),
        environment.getProperty(prefix + "reuse-after", Duration.class, Duration.ofSeconds(60)),
        environment.getProperty(prefix + "renew-every", Duration.class, Duration.ofSeconds(10)),
        holderName());
  }

  private static String holderName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown-host";
    }
    return host + "/" + ManagementFactory.getRuntimeMXBean().getPid();
  }
}
