package io.parley.support.axon;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/** A test's pool that counts the statements prepared on its connections. */
final class CountingDataSource extends DelegatingDataSource {
  private final AtomicInteger statements = new AtomicInteger();

  CountingDataSource(DataSource pool) {
    super(pool);
  }

  /** The statements prepared since the last {@link #reset}. */
  AtomicInteger statements() {
    return statements;
  }

  void reset() {
    statements.set(0);
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection connection = super.getConnection();
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (method.getName().equals("prepareStatement")) {
            statements.incrementAndGet();
          }
          try {
            return method.invoke(connection, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
  }
}
