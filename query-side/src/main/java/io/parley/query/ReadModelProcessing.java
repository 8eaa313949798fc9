package io.parley.query;

import io.parley.query.consistency.ProjectionCommits;
import io.parley.query.rebuild.ReadModelRebuilds;
import io.parley.query.rebuild.RebuildSwaps;
import io.parley.support.axon.ProcessorTuning;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The conversation, inbox, timeline, file-access and message-search read models each run in their
 * own processing group (so each can be replayed alone) and take events in batches: one token update
 * and one Postgres transaction per batch instead of per event, which is what lets them keep up with
 * a busy log. A batch is whatever is available up to the size, so a quiet system still sees each
 * event at once. Batch size, threads and segments come from {@code parley.processors.<name>.*}
 * (docs/adr/0060).
 *
 * <p>The Postgres read models replay beside their live tables and swap when caught up
 * (docs/adr/0100); the CQL timeline replays over its live rows.
 */
@Configuration(proxyBeanMethods = false)
class ReadModelProcessing {
  static final int BATCH_SIZE = 100;
  static final String PRIVACY_GUARD = "conversation-directory-guard";

  /** The read models' processing groups, each derived from the log alone. */
  static final String[] READ_MODELS = {
    "user-directory",
    "conversation-directory",
    "inbox",
    "message-timeline",
    "file-access",
    "message-search"
  };

  /** The Postgres tables of each read model rebuilt beside the live ones. */
  static final Map<String, List<String>> REBUILT_TABLES =
      Map.of(
          "user-directory", List.of("directory_user"),
          "conversation-directory",
              List.of(
                  "directory_conversation",
                  "directory_membership",
                  "directory_ban",
                  "directory_invite",
                  "directory_device_key",
                  "directory_backup_key"),
          "inbox",
              List.of(
                  "inbox_conversation",
                  "inbox_entry",
                  "inbox_deleted_message",
                  "inbox_mention",
                  "inbox_activity",
                  "inbox_group_settings"),
          "file-access", List.of("file_message_attachment", "file_avatar", "file_group_picture"),
          "message-search", List.of("search_message"));

  @Bean
  ReadModelRebuilds readModelRebuilds(
      JdbcTemplate jdbc,
      PlatformTransactionManager transactionManager,
      @Qualifier("serializer") Serializer serializer) {
    return new ReadModelRebuilds(
        jdbc, new TransactionTemplate(transactionManager), serializer, REBUILT_TABLES);
  }

  @Bean
  RebuildSwaps rebuildSwaps(
      ReadModelRebuilds rebuilds,
      @Value("${parley.rebuild.swap-check-millis:200}") long intervalMillis) {
    return new RebuildSwaps(rebuilds, intervalMillis);
  }

  @Autowired
  void configureBatches(
      EventProcessingConfigurer processing,
      Environment environment,
      ProjectionCommits commits,
      ObjectProvider<ReadModelRebuilds> rebuilds) {
    for (String group : REBUILT_TABLES.keySet()) {
      processing.registerHandlerInterceptor(
          group, config -> rebuilds.getObject().interceptor(group));
    }
    // Follows the head during a rebuild of the directory; no durable position (docs/adr/0100).
    processing.registerTokenStore(PRIVACY_GUARD, config -> new InMemoryTokenStore());
    processing.registerTrackingEventProcessorConfiguration(
        PRIVACY_GUARD,
        config ->
            TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                .andInitialTrackingToken(StreamableMessageSource::createHeadToken)
                .andThreadFactory(ProcessorTuning.backgroundThreads(environment)));
    ProcessorTuning.apply(processing, environment, "user-directory", 1);
    for (String group :
        new String[] {
          "conversation-directory", "inbox", "message-timeline", "file-access", "message-search"
        }) {
      // file-access handles a message only when it has attachments: pooled, it stores no
      // position for the batches it has nothing to do for, and passes them in storage within a
      // quarter of a second for the read barrier of another process (docs/adr/0225).
      if ("file-access".equals(group)) {
        ProcessorTuning.apply(
            processing,
            environment,
            group,
            BATCH_SIZE,
            "pooled",
            ProcessorTuning.CONDITIONAL_SKIPPED_POSITION_INTERVAL);
      } else if ("message-search".equals(group) || "message-timeline".equals(group)) {
        // Under load, a batch at most every 100 ms instead of a transaction per message or two
        // (docs/adr/0226): nobody waits for the search index, and a history read that waits for
        // the timeline at the read barrier ends its pause.
        ProcessorTuning.applyPaced(
            processing, environment, group, BATCH_SIZE, ProcessorTuning.PACED_BATCH_INTERVAL);
      } else {
        ProcessorTuning.apply(processing, environment, group, BATCH_SIZE);
      }
      // A failing handler must not skip its event (the default logs and moves on): the batch
      // is retried with back-off until it succeeds, and idempotent handlers make that safe.
      processing.registerListenerInvocationErrorHandler(
          group, config -> PropagatingErrorHandler.instance());
      // Reads held at the read barrier re-check as soon as a batch (and its position) committed.
      processing.registerHandlerInterceptor(
          group,
          config ->
              (unitOfWork, chain) -> {
                unitOfWork.afterCommit(committed -> commits.committed());
                return chain.proceed();
              });
    }
  }
}
