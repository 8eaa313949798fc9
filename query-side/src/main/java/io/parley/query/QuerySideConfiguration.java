package io.parley.query;

import io.parley.support.db.ModuleMigration;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class QuerySideConfiguration {
  @Bean
  ModuleMigration querySideMigration(DataSource dataSource) {
    return new ModuleMigration(dataSource, "query", "classpath:db/query");
  }
}
