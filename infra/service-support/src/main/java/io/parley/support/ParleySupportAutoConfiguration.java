package io.parley.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.support.auth.AccessTokens;
import io.parley.support.auth.EndedSessions;
import io.parley.support.auth.EndedSessionsConfiguration;
import io.parley.support.auth.SigningKeys;
import io.parley.support.axon.JdbcEventStoreConfiguration;
import io.parley.support.db.ModuleMigration;
import io.parley.support.web.BearerTokenFilter;
import io.parley.support.web.ProblemAdvice;
import io.parley.support.web.ProblemWriter;
import io.parley.support.web.RequestBodyLimitFilter;
import io.parley.support.web.SecurityHeadersFilter;
import java.nio.file.Path;
import java.time.Clock;
import javax.sql.DataSource;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

/** What every Parley service gets by having service-support on its classpath. */
@AutoConfiguration(
    before = {
      AxonAutoConfiguration.class,
      org.axonframework.springboot.autoconfig.JdbcAutoConfiguration.class
    },
    after = DataSourceAutoConfiguration.class)
@Import({
  JdbcEventStoreConfiguration.class,
  io.parley.support.axon.AxonServerReachability.class,
  io.parley.support.admin.AdminConfiguration.class,
  ProblemAdvice.class,
  ParleyWebConfiguration.class,
  EndedSessionsConfiguration.class,
  io.parley.support.openapi.OpenApiConfiguration.class,
  io.parley.support.metrics.MetricsConfiguration.class,
  io.parley.support.files.FileStoreConfiguration.class
})
public class ParleySupportAutoConfiguration {

  /**
   * Messages are written field by field (docs/adr/0216): every history page, send answer and {@code
   * message.created} push; Spring Boot adds the module to the application's mapper.
   */
  @Bean
  public com.fasterxml.jackson.databind.Module parleyMessageViews() {
    return new com.fasterxml.jackson.databind.module.SimpleModule("parley-message-views")
        .addSerializer(
            io.parley.events.message.MessageView.class,
            new io.parley.support.json.MessageViewSerializer());
  }

  /** Domain errors keep their code across Axon Server (docs/adr/0172). */
  @Bean
  public org.axonframework.config.ConfigurerModule domainErrorsOverTheBus() {
    return configurer ->
        configurer.onInitialize(
            config ->
                config.onStart(
                    org.axonframework.lifecycle.Phase.EXTERNAL_CONNECTIONS,
                    () ->
                        config
                            .commandBus()
                            .registerHandlerInterceptor(
                                new io.parley.support.axon.DomainErrorsOverTheBus())));
  }

  /** The command gateway answers remote failures with the handler's own exception (0172). */
  @Bean
  public static org.springframework.beans.factory.config.BeanPostProcessor
      localFailuresCommandGateway() {
    return new org.springframework.beans.factory.config.BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String name) {
        return bean instanceof org.axonframework.commandhandling.gateway.CommandGateway gateway
                && !(bean instanceof io.parley.support.axon.LocalFailuresCommandGateway)
            ? new io.parley.support.axon.LocalFailuresCommandGateway(gateway)
            : bean;
      }
    };
  }

  /** Every upcaster of the system; see docs/adr/0006-changing-an-event.md. */
  @Bean
  public io.parley.support.upcasting.DisplayNameChangedEventUpcaster
      displayNameChangedEventUpcaster() {
    return new io.parley.support.upcasting.DisplayNameChangedEventUpcaster();
  }

  @Bean
  public io.parley.support.axon.DeadLetterQueues deadLetterQueues(
      org.axonframework.common.jdbc.ConnectionProvider connections,
      org.axonframework.common.transaction.TransactionManager transactions,
      org.axonframework.serialization.Serializer serializer,
      @org.springframework.beans.factory.annotation.Qualifier("eventSerializer")
          org.axonframework.serialization.Serializer eventSerializer,
      org.springframework.core.env.Environment environment) {
    return new io.parley.support.axon.DeadLetterQueues(
        connections, transactions, serializer, eventSerializer, environment);
  }

  @Bean
  public io.parley.support.axon.EventIsolation eventIsolation(
      DataSource dataSource,
      io.parley.support.axon.DeadLetterQueues queues,
      org.springframework.core.env.Environment environment) {
    return new io.parley.support.axon.EventIsolation(dataSource, queues, environment);
  }

  /** {@link io.parley.support.axon.HandledWhen} on event handlers (docs/adr/0225). */
  @Bean
  public io.parley.support.axon.HandlerConditions handlerConditions() {
    return new io.parley.support.axon.HandlerConditions();
  }

  @Bean
  public io.parley.support.axon.DeadLetterRetrier deadLetterRetrier(
      org.axonframework.config.EventProcessingConfiguration processing,
      @Value("${parley.dead-letters.retry-interval:60s}") java.time.Duration interval) {
    return new io.parley.support.axon.DeadLetterRetrier(processing, interval);
  }

  /** Health component {@code parkedEvents} and gauge {@code parley.events.parked}. */
  @Bean
  public io.parley.support.axon.ParkedEvents parkedEvents(
      org.axonframework.config.EventProcessingConfiguration processing,
      org.springframework.beans.factory.ObjectProvider<io.micrometer.core.instrument.MeterRegistry>
          meters) {
    return new io.parley.support.axon.ParkedEvents(processing, meters);
  }

  @Bean
  @ConditionalOnMissingBean
  public Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * Axon's JDBC token store, with the claim owner named by {@code parley.processors.owner} (by
   * default the JVM's pid@host, Axon's own default), so instances are told apart (docs/adr/0173).
   */
  @Bean
  @org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean(
      org.axonframework.eventhandling.tokenstore.TokenStore.class)
  public org.axonframework.eventhandling.tokenstore.TokenStore tokenStore(
      org.axonframework.common.jdbc.ConnectionProvider connections,
      @org.springframework.beans.factory.annotation.Qualifier("serializer")
          org.axonframework.serialization.Serializer serializer,
      @Value("${axon.eventhandling.tokenstore.claim-timeout:10s}") java.time.Duration claimTimeout,
      org.springframework.core.env.Environment environment) {
    return org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore.builder()
        .connectionProvider(connections)
        .schema(org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema.builder().build())
        .serializer(serializer)
        .claimTimeout(claimTimeout)
        .nodeId(processorOwner(environment))
        .build();
  }

  static String processorOwner(org.springframework.core.env.Environment environment) {
    return environment.getProperty(
        "parley.processors.owner",
        java.lang.management.ManagementFactory.getRuntimeMXBean().getName());
  }

  /** Segments spread over the instances of a service (docs/adr/0173). */
  @Bean
  @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(
      name = "parley.processors.balance.enabled",
      havingValue = "true",
      matchIfMissing = true)
  public io.parley.support.axon.SegmentBalance segmentBalance(
      org.axonframework.config.EventProcessingConfiguration processing,
      DataSource dataSource,
      org.springframework.core.env.Environment environment,
      @Value("${parley.processors.balance.interval:5s}") java.time.Duration interval,
      @Value("${parley.processors.balance.member-timeout:15s}") java.time.Duration timeout) {
    return new io.parley.support.axon.SegmentBalance(
        processing,
        new org.springframework.jdbc.core.JdbcTemplate(dataSource),
        processorOwner(environment),
        interval,
        timeout);
  }

  @Bean
  public ModuleMigration axonSchemaMigration(DataSource dataSource) {
    return new ModuleMigration(dataSource, "axon", "classpath:db/axon");
  }

  @Bean
  public SigningKeys signingKeys(
      @Value("${parley.auth.public-key:}") String publicKey,
      @Value("${parley.auth.private-key:}") String privateKey,
      @Value("${parley.data-dir:.parley}") String dataDir) {
    return SigningKeys.load(publicKey, privateKey, Path.of(dataDir));
  }

  @Bean
  public AccessTokens accessTokens(SigningKeys keys, EndedSessions endedSessions) {
    return new AccessTokens(keys, endedSessions::hasEnded);
  }

  /** Every request knows how long it waited for a worker thread (RequestAge, docs/adr/0212). */
  @Bean
  public io.parley.support.web.RequestAge.Stamping requestAgeStamping() {
    return new io.parley.support.web.RequestAge.Stamping();
  }

  @Bean
  public org.springframework.boot.web.servlet.ServletListenerRegistrationBean<
          io.parley.support.web.RequestAge.Requests>
      requestAgeRequests() {
    return new org.springframework.boot.web.servlet.ServletListenerRegistrationBean<>(
        new io.parley.support.web.RequestAge.Requests());
  }

  @Bean
  public ProblemWriter problemWriter(ObjectMapper objectMapper) {
    return new ProblemWriter(objectMapper);
  }

  @Bean
  public FilterRegistrationBean<SecurityHeadersFilter> securityHeadersFilter(
      org.springframework.core.env.Environment environment) {
    String policy =
        environment.getProperty(
            "parley.http.content-security-policy", SecurityHeadersFilter.DEFAULT_POLICY);
    FilterRegistrationBean<SecurityHeadersFilter> registration =
        new FilterRegistrationBean<>(new SecurityHeadersFilter(policy));
    registration.addUrlPatterns("/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }

  @Bean
  public FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(
      ProblemWriter problems,
      @Value("${parley.http.max-body-size:64KB}") DataSize maxBodySize,
      @Value("${parley.http.streamed-body-routes:PUT /api/uploads/*}")
          java.util.List<String> streamedRoutes) {
    FilterRegistrationBean<RequestBodyLimitFilter> registration =
        new FilterRegistrationBean<>(
            new RequestBodyLimitFilter(
                maxBodySize.toBytes(),
                problems,
                streamedRoutes.stream()
                    .filter(route -> !route.isBlank())
                    .map(RequestBodyLimitFilter.Route::parse)
                    .toList()));
    registration.addUrlPatterns("/api/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
    return registration;
  }

  /**
   * Text read by the application's mapper, the event log above all, is repaired rather than
   * refused: one ill-formed string never stops a projection (docs/adr/0080).
   */
  @Bean
  public com.fasterxml.jackson.databind.Module repairingTextModule() {
    return io.parley.support.text.TextModules.repairing();
  }

  @Bean
  public FilterRegistrationBean<io.parley.support.web.WellFormedRequestFilter>
      wellFormedRequestFilter(ObjectMapper objectMapper) {
    FilterRegistrationBean<io.parley.support.web.WellFormedRequestFilter> registration =
        new FilterRegistrationBean<>(
            new io.parley.support.web.WellFormedRequestFilter(objectMapper));
    registration.addUrlPatterns("/api/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 40);
    return registration;
  }

  /** Tomcat's own refusals (before any filter) answer as problems too, not as HTML. */
  @Bean
  public org.springframework.boot.web.server.WebServerFactoryCustomizer<
          org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory>
      problemErrorReports() {
    return factory ->
        factory.addContextCustomizers(
            context -> {
              if (context.getParent() instanceof org.apache.catalina.core.StandardHost host) {
                host.setErrorReportValveClass(
                    io.parley.support.web.ProblemErrorReportValve.class.getName());
              }
            });
  }

  @Bean
  public FilterRegistrationBean<BearerTokenFilter> bearerTokenFilter(
      AccessTokens tokens, ProblemWriter problems) {
    FilterRegistrationBean<BearerTokenFilter> registration =
        new FilterRegistrationBean<>(new BearerTokenFilter(tokens, problems));
    // Every path: the filter itself decides what is /api on the normalized path, in any case.
    registration.addUrlPatterns("/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 30);
    return registration;
  }
}
