package io.parley.support.admin;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The operator API (/api/admin/**) every service exposes for its own processors. */
@Configuration(proxyBeanMethods = false)
@Import({
  AdminGuard.class,
  ProcessorAdminController.class,
  EventAuditController.class,
  DeadLetterAdminController.class,
  VerifyAdminController.class,
  LogFold.class
})
public class AdminConfiguration {}
