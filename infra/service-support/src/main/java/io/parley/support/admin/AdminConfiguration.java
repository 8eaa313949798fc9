package io.parley.support.admin;

import io.parley.support.web.ProblemWriter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * The operator API (/api/admin/**) every service exposes for its own processors, on the management
 * port only (docs/adr/0087).
 */
@Configuration(proxyBeanMethods = false)
@Import({
  ProcessorAdminController.class,
  EventAuditController.class,
  DeadLetterAdminController.class,
  VerifyAdminController.class,
  LogFold.class
})
public class AdminConfiguration {
  @Bean
  public ManagementPort managementPort(
      @Value("${parley.admin.port:-1}") int port,
      @Value("${parley.admin.address:127.0.0.1}") String address) {
    return new ManagementPort(port, address);
  }

  @Bean
  public AdminGuard adminGuard(Environment environment, ManagementPort managementPort) {
    return new AdminGuard(environment, managementPort);
  }

  @Bean
  public FilterRegistrationBean<ManagementOnlyFilter> managementOnlyFilter(
      ManagementPort managementPort, ProblemWriter problems) {
    FilterRegistrationBean<ManagementOnlyFilter> registration =
        new FilterRegistrationBean<>(new ManagementOnlyFilter(managementPort, problems));
    registration.addUrlPatterns("/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 25);
    return registration;
  }
}
