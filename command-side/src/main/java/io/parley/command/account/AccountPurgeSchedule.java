package io.parley.command.account;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Runs {@link AccountPurge} on its interval. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class AccountPurgeSchedule {}
