package io.parley.query;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The read side on its own: projections into Postgres and the CQL store, and the query API. */
@SpringBootApplication
public class QuerySideApplication {
  public static void main(String[] args) {
    SpringApplication app = new SpringApplication(QuerySideApplication.class);
    app.setDefaultProperties(java.util.Map.of("spring.config.name", "query-side"));
    app.run(args);
  }
}
