package io.parley.push.webpush;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.events.message.MessageSentEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A Web Push for an end-to-end encrypted message says only "New encrypted message": no text, no
 * sender or group name, and never the ciphertext (docs/adr/0185). It needs no lookup at all, so the
 * notifier runs here without its stores.
 */
class EncryptedWebPushTest {
  static final String CIPHERTEXT =
      "-----BEGIN PGP MESSAGE-----\n\nwV4DAAAA\n-----END PGP MESSAGE-----\n";

  static MessageSentEvent encrypted(UUID conversationId) {
    return new MessageSentEvent(
        conversationId,
        3,
        4242,
        UUID.randomUUID(),
        UUID.randomUUID(),
        null,
        null,
        Instant.parse("2026-12-01T08:00:00Z"),
        List.of(),
        List.of(),
        false,
        CIPHERTEXT,
        "ab".repeat(32));
  }

  static WebPushNotifier notifier(boolean includeText) {
    return new WebPushNotifier(
        null, null, null, null, null, Clock.systemUTC(), Duration.ofMinutes(5), includeText);
  }

  @Test
  void anEncryptedMessageIsAnnouncedWithoutTextOrNames() {
    UUID conversationId = UUID.randomUUID();
    for (boolean includeText : List.of(true, false)) {
      Map<String, Object> payload = notifier(includeText).payload(encrypted(conversationId));
      assertThat(payload)
          .containsEntry("conversationId", conversationId)
          .containsEntry("seq", 3L)
          .containsEntry("messageId", "4242")
          .containsEntry("title", "Parley")
          .containsEntry("body", "New encrypted message");
      assertThat(payload.values().toString()).doesNotContain("PGP");
    }
  }
}
