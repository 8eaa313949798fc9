package io.parley.command;

import io.parley.support.db.ModuleMigration;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CommandSideConfiguration {
  @Bean
  ModuleMigration commandSideMigration(DataSource dataSource) {
    return new ModuleMigration(dataSource, "command", "classpath:db/command");
  }
}
