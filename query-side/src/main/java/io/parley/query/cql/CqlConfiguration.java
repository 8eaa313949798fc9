package io.parley.query.cql;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.parley.support.config.StoreMisconfiguredException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One shared CQL session per JVM. It connects without a keyspace, creates the keyspace when it is
 * missing, applies the numbered schema files (one instance at a time, under a lock in Postgres),
 * then switches to the keyspace.
 */
@Configuration(proxyBeanMethods = false)
public class CqlConfiguration {

  static final Duration RECONNECT_AT_MOST = Duration.ofSeconds(2);

  @Bean(destroyMethod = "close")
  public CqlSession cqlSession(
      @Value("${parley.cql.contact-points}") String contactPoints,
      @Value("${parley.cql.datacenter:datacenter1}") String datacenter,
      @Value("${parley.cql.keyspace:parley}") String keyspace,
      @Value("${parley.cql.replication:{'class': 'SimpleStrategy', 'replication_factor': 1}}")
          String replication,
      DataSource dataSource) {
    if (!keyspace.matches("[a-zA-Z][a-zA-Z0-9_]{0,47}")) {
      throw new StoreMisconfiguredException(
          "CQL",
          "PARLEY_CQL_KEYSPACE '" + keyspace + "' is not a valid keyspace name.",
          "Use letters, digits and underscores, starting with a letter.");
    }
    CqlSession session;
    try {
      session =
          CqlSession.builder()
              .addContactPoints(parse(contactPoints))
              .withLocalDatacenter(datacenter)
              .withConfigLoader(
                  DriverConfigLoader.programmaticBuilder()
                      .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10))
                      .withDuration(
                          DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT,
                          Duration.ofSeconds(30))
                      .withDuration(
                          DefaultDriverOption.METADATA_SCHEMA_WINDOW, Duration.ofMillis(10))
                      .withBoolean(DefaultDriverOption.REQUEST_WARN_IF_SET_KEYSPACE, false)
                      .withDuration(
                          DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
                      // A node that went away is tried again every 2 s at most: the driver's
                      // default backs off to a minute, so timelines could stay unread and unwritten
                      // for up to a minute after the node was back. A connect attempt every 2 s per
                      // down node costs nothing. (datastax-java-driver.* system properties still
                      // override it.)
                      .withDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY, RECONNECT_AT_MOST)
                      // The driver closes after its requests have completed; Netty's default quiet
                      // period then kept its event loops alive 2 s more, waiting for tasks no one
                      // submits: every stop of the app and the query side took 2 s longer.
                      .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0)
                      .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0)
                      .build())
              .build();
    } catch (RuntimeException e) {
      throw new StoreMisconfiguredException(
          "CQL",
          "The CQL store at " + contactPoints + " cannot be reached: " + e.getMessage(),
          "Check that ScyllaDB/Cassandra runs and that PARLEY_CQL_CONTACT_POINTS and"
              + " PARLEY_CQL_DATACENTER are right.",
          e);
    }
    try {
      new CqlSchema(session, keyspace, replication, CqlSchemaLock.postgres(dataSource)).apply();
      return session;
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
  }

  static List<InetSocketAddress> parse(String contactPoints) {
    try {
      return Arrays.stream(contactPoints.split(","))
          .map(String::trim)
          .filter(s -> !s.isEmpty())
          .map(
              point -> {
                int colon = point.lastIndexOf(':');
                return colon < 0
                    ? new InetSocketAddress(point, 9042)
                    : new InetSocketAddress(
                        point.substring(0, colon), Integer.parseInt(point.substring(colon + 1)));
              })
          .toList();
    } catch (RuntimeException e) {
      throw new StoreMisconfiguredException(
          "CQL",
          "PARLEY_CQL_CONTACT_POINTS '" + contactPoints + "' is not a list of host:port.",
          "Use the form host:port[,host:port].");
    }
  }
}
