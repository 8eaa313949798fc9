package io.parley.command.upload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.command.CommandSideApplication;
import io.parley.events.account.AvatarChangedEvent;
import io.parley.events.conversation.GroupPictureChangedEvent;
import io.parley.events.message.Attachment;
import io.parley.events.message.MessageDeletedEvent;
import io.parley.events.message.MessageSentEvent;
import io.parley.support.auth.AccessTokens;
import io.parley.support.files.FileKeys;
import io.parley.support.files.FileStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The command side alone with a small quota: uploads over HTTP, references kept by the
 * upload-lifecycle processor from published events, and the clean-up run at chosen instants.
 */
@SpringBootTest(
    classes = CommandSideApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "parley.files.quota=300KB",
      "parley.files.max-size=200KB",
      "parley.files.cleanup.initial-delay=1h"
    })
class UploadLifecycleTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @LocalServerPort int port;
  @Autowired AccessTokens tokens;
  @Autowired EventGateway events;
  @Autowired JdbcTemplate jdbc;
  @Autowired FileStore store;
  @Autowired UploadCleanup cleanup;
  @Autowired UploadRows rows;
  @Autowired UploadSettings settings;
  @Autowired UploadCatalog catalog;
  @Autowired EventProcessingConfiguration processing;
  @Autowired UploadLifecycle lifecycle;

  UUID user;
  String token;

  @BeforeEach
  void user() {
    user = UUID.randomUUID();
    token = tokens.issue(user, UUID.randomUUID(), Instant.now());
  }

  record Answer(int status, JsonNode body) {}

  Answer put(UUID id, int size) throws Exception {
    byte[] bytes = new byte[size];
    java.util.Arrays.fill(bytes, (byte) 'q');
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/api/uploads/" + id + "?name=f.txt"))
                .header("Authorization", "Bearer " + token)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), JSON.readTree(response.body()));
  }

  UUID uploaded(int size) throws Exception {
    UUID id = UUID.randomUUID();
    Answer answer = put(id, size);
    assertThat(answer.status()).as("%s", answer).isEqualTo(201);
    return id;
  }

  HttpResponse<String> cancel(UUID id) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/uploads/" + id))
            .header("Authorization", "Bearer " + token)
            .DELETE()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  Attachment attachment(UUID id) {
    return rows.find(id).orElseThrow().attachment();
  }

  /** Waits (bounded) for the processor to have applied what was just published. */
  static void eventually(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 60 s").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  Upload row(UUID id) {
    return rows.find(id).orElseThrow();
  }

  @Test
  void theLifecycleProcessorIsAPooledProcessorTheOperatorToolsSee() {
    assertThat(processing.eventProcessor(UploadLifecycle.GROUP, StreamingEventProcessor.class))
        .isPresent();
    // it skips messages without attachments without a transaction (docs/adr/0225)
    assertThat(
            processing.eventProcessor(
                UploadLifecycle.GROUP,
                org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor.class))
        .isPresent();
  }

  /**
   * The processor skips messages without attachments, but its position still passes them: a cancel,
   * which waits until the processor has seen the whole log, is not held up by them (it would answer
   * 503 after 5 s).
   */
  @Test
  void aCancelRightAfterMessagesWithoutAttachmentsIsNotHeldUp() throws Exception {
    UUID id = uploaded(100);
    UUID conversation = UUID.randomUUID();
    for (int seq = 1; seq <= 20; seq++) {
      events.publish(
          new MessageSentEvent(
              conversation,
              seq,
              System.nanoTime(),
              user,
              UUID.randomUUID(),
              "no files",
              null,
              Instant.now(),
              List.of()));
    }
    HttpResponse<String> cancel = cancel(id);
    assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(204);
    assertThat(rows.find(id).map(Upload::deleted)).hasValue(true);
  }

  @Test
  void anUploadOverTheQuotaIsRefusedAndCancellingFreesItsShare() throws Exception {
    UUID first = uploaded(150 * 1024);
    uploaded(100 * 1024);
    UUID third = UUID.randomUUID();
    Answer over = put(third, 100 * 1024);
    assertThat(over.status()).isEqualTo(409);
    assertThat(over.body().path("type").asText()).isEqualTo("urn:parley:problem:quota-exceeded");
    assertThat(rows.find(third)).isEmpty();
    assertThat(store.size(FileKeys.original(third))).isEmpty();
    Answer tooLarge = put(UUID.randomUUID(), 201 * 1024);
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(rows.storedBytes(user)).isEqualTo(250 * 1024);
    HttpResponse<String> cancel = cancel(first);
    assertThat(cancel.statusCode()).isEqualTo(204);
    assertThat(put(third, 100 * 1024).status()).isEqualTo(201);
  }

  @Test
  void aMessageKeepsItsAttachmentUntilDeletedThenTheRetentionRuns() throws Exception {
    UUID id = uploaded(1000);
    long messageId = System.nanoTime();
    Instant sentAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    MessageSentEvent sent =
        new MessageSentEvent(
            UUID.randomUUID(),
            1,
            messageId,
            user,
            UUID.randomUUID(),
            "",
            null,
            sentAt,
            List.of(attachment(id)));
    events.publish(sent);
    eventually(() -> row(id).active());
    assertThat(row(id).expiresAt(settings)).isNull();
    // Attached: neither cancellable nor cleaned up, however late.
    assertThat(cleanup.runAt(sentAt.plus(Duration.ofDays(30)))).isZero();
    assertThat(row(id).deleted()).isFalse();
    assertThat(catalog.attachable(id, user)).isPresent();

    Instant deletedAt = sentAt.plusSeconds(60);
    events.publish(new MessageDeletedEvent(sent.conversationId(), 1, messageId, user, deletedAt));
    eventually(() -> !row(id).active());
    assertThat(row(id).expiresAt(settings)).isEqualTo(deletedAt.plus(Duration.ofHours(24)));
    // Redelivered (a replay, a retried batch), the send and the delete change nothing.
    lifecycle.on(sent);
    lifecycle.on(new MessageDeletedEvent(sent.conversationId(), 1, messageId, user, deletedAt));
    assertThat(row(id).active()).isFalse();
    assertThat(row(id).lastReleased()).isEqualTo(deletedAt);

    cleanup.runAt(deletedAt.plus(Duration.ofHours(23)));
    assertThat(row(id).deleted()).isFalse();
    assertThat(store.size(FileKeys.original(id))).isPresent();
    cleanup.runAt(deletedAt.plus(Duration.ofHours(25)));
    assertThat(row(id).deleted()).isTrue();
    assertThat(store.size(FileKeys.original(id))).isEmpty();
    assertThat(catalog.attachable(id, user)).isEmpty();
  }

  @Test
  void anAvatarIsReleasedWhenReplacedOrRemoved() throws Exception {
    UUID first = uploaded(100);
    UUID second = uploaded(100);
    Instant t = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    events.publish(new AvatarChangedEvent(user, attachment(first), t));
    eventually(() -> row(first).active());
    events.publish(new AvatarChangedEvent(user, attachment(second), t.plusSeconds(1)));
    eventually(() -> row(second).active() && !row(first).active());
    assertThat(row(first).lastReleased()).isEqualTo(t.plusSeconds(1));
    events.publish(new AvatarChangedEvent(user, null, t.plusSeconds(2)));
    eventually(() -> !row(second).active() && row(second).referenced());
    // Another user's avatar events never touch this user's references.
    events.publish(new AvatarChangedEvent(UUID.randomUUID(), null, t.plusSeconds(3)));

    UUID picture = uploaded(100);
    UUID group = UUID.randomUUID();
    events.publish(new GroupPictureChangedEvent(group, user, attachment(picture), t));
    eventually(() -> row(picture).active());

    cleanup.runAt(t.plus(Duration.ofHours(25)));
    assertThat(row(first).deleted()).isTrue();
    assertThat(row(second).deleted()).isTrue();
    assertThat(row(picture).deleted()).isFalse();
    assertThat(store.size(FileKeys.thumbnail(first))).isEmpty();
  }

  @Test
  void anUploadNeverAttachedIsDeletedAfterTheOrphanTtlAndStopsBeingAttachableAnHourBefore()
      throws Exception {
    UUID id = uploaded(100);
    Instant created = row(id).createdAt();
    assertThat(catalog.attachable(id, user)).isPresent();
    assertThat(catalog.attachable(id, UUID.randomUUID())).isEmpty();
    StoredUploadCatalog late =
        new StoredUploadCatalog(
            rows,
            settings,
            Clock.fixed(
                created.plus(Duration.ofHours(23)).plusSeconds(1), Clock.systemUTC().getZone()));
    assertThat(late.attachable(id, user)).isEmpty();
    cleanup.runAt(created.plus(Duration.ofHours(23)));
    assertThat(row(id).deleted()).isFalse();
    cleanup.runAt(created.plus(Duration.ofHours(24)).plusSeconds(1));
    assertThat(row(id).deleted()).isTrue();
    assertThat(store.size(FileKeys.original(id))).isEmpty();
    assertThat(rows.storedBytes(user)).isZero();
  }
}
