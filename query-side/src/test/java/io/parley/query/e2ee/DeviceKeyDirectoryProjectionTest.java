package io.parley.query.e2ee;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.events.e2ee.BackupKeyView;
import io.parley.events.e2ee.DeviceKeyEndedEvent;
import io.parley.events.e2ee.DeviceKeyPublishedEvent;
import io.parley.events.e2ee.DeviceKeyStatus;
import io.parley.events.e2ee.DeviceKeyView;
import io.parley.events.e2ee.KeyBackupRemovedEvent;
import io.parley.events.e2ee.KeyBackupStoredEvent;
import io.parley.events.e2ee.KeySetVersion;
import io.parley.query.ProjectionTest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The key directory projection against the real Postgres, fed events directly. */
@ProjectionTest
class DeviceKeyDirectoryProjectionTest {
  private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
  private static final Instant T1 = Instant.parse("2026-12-01T09:00:00Z");
  private static final Instant T2 = Instant.parse("2026-12-01T10:00:00Z");
  private static final String PUBLIC =
      "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nxjMEZ\n-----END PGP PUBLIC KEY BLOCK-----";

  @Autowired DeviceKeyDirectoryProjection projection;
  @Autowired KeyDirectory directory;
  @Autowired JdbcTemplate jdbc;

  private static String fingerprint(char c) {
    return String.valueOf(c).repeat(40);
  }

  private DeviceKeyPublishedEvent published(UUID user, UUID session, char f, Instant at) {
    return new DeviceKeyPublishedEvent(user, session, "phone", fingerprint(f), PUBLIC, at);
  }

  private void member(UUID conversationId, UUID userId) {
    jdbc.update(
        "INSERT INTO directory_membership (conversation_id, user_id, role, joined_at)"
            + " VALUES (?, ?, 'member', ?)",
        conversationId,
        userId,
        Timestamp.from(T0));
  }

  @Test
  void everyKeyOfAUserIsListedNewestFirstWithItsStatusAndReplayingChangesNothing() {
    UUID user = UUID.randomUUID();
    UUID phone = UUID.randomUUID();
    UUID laptop = UUID.randomUUID();
    List<Object> events =
        List.of(
            published(user, phone, 'a', T0),
            new DeviceKeyEndedEvent(user, phone, fingerprint('a'), DeviceKeyStatus.REPLACED, T1),
            published(user, phone, 'b', T1),
            published(user, laptop, 'c', T1.plusSeconds(1)),
            new DeviceKeyEndedEvent(user, laptop, fingerprint('c'), DeviceKeyStatus.REVOKED, T2));
    events.forEach(this::apply);
    List<DeviceKeyView> once = directory.deviceKeys(user);
    events.forEach(this::apply);

    assertThat(directory.deviceKeys(user)).isEqualTo(once);
    assertThat(once)
        .extracting(DeviceKeyView::fingerprint, DeviceKeyView::status, DeviceKeyView::endedAt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(fingerprint('c'), "revoked", T2),
            org.assertj.core.groups.Tuple.tuple(fingerprint('b'), "active", null),
            org.assertj.core.groups.Tuple.tuple(fingerprint('a'), "replaced", T1));
    assertThat(once.get(1))
        .isEqualTo(
            new DeviceKeyView(user, phone, "phone", fingerprint('b'), PUBLIC, "active", T1, null));
  }

  @Test
  void aConversationsKeySetIsTheActiveKeysAndBackupsOfItsCurrentMembersOnly() {
    UUID conversation = UUID.randomUUID();
    UUID alice = UUID.randomUUID();
    UUID bob = UUID.randomUUID();
    UUID stranger = UUID.randomUUID();
    member(conversation, alice);
    member(conversation, bob);
    UUID alicePhone = UUID.randomUUID();
    projection.on(published(alice, alicePhone, 'a', T0));
    projection.on(published(bob, UUID.randomUUID(), 'b', T0));
    projection.on(published(stranger, UUID.randomUUID(), 'c', T0));
    projection.on(new KeyBackupStoredEvent(alice, fingerprint('d'), PUBLIC, "private", T0));
    projection.on(new KeyBackupStoredEvent(stranger, fingerprint('e'), PUBLIC, "private", T0));

    KeyDirectory.ConversationKeys keys = directory.ofConversation(conversation);

    assertThat(keys.devices())
        .extracting(DeviceKeyView::userId)
        .containsExactlyInAnyOrder(alice, bob);
    assertThat(keys.backupKeys())
        .containsExactly(new BackupKeyView(alice, fingerprint('d'), PUBLIC, T0));
    assertThat(keys.keySetVersion())
        .isEqualTo(
            KeySetVersion.of(
                List.of(
                    KeySetVersion.device(alice, fingerprint('a')),
                    KeySetVersion.device(bob, fingerprint('b')),
                    KeySetVersion.backup(alice, fingerprint('d')))));

    projection.on(
        new DeviceKeyEndedEvent(alice, alicePhone, fingerprint('a'), DeviceKeyStatus.REVOKED, T1));
    projection.on(new KeyBackupRemovedEvent(alice, fingerprint('d'), T1));

    KeyDirectory.ConversationKeys after = directory.ofConversation(conversation);
    assertThat(after.devices()).extracting(DeviceKeyView::userId).containsExactly(bob);
    assertThat(after.backupKeys()).isEmpty();
    assertThat(after.keySetVersion())
        .isEqualTo(KeySetVersion.of(List.of(KeySetVersion.device(bob, fingerprint('b')))))
        .isNotEqualTo(keys.keySetVersion());
    assertThat(directory.backupKey(alice)).isEmpty();
  }

  @Test
  void aNewBackupReplacesTheOldOne() {
    UUID user = UUID.randomUUID();
    projection.on(new KeyBackupStoredEvent(user, fingerprint('1'), PUBLIC, "one", T0));
    projection.on(new KeyBackupStoredEvent(user, fingerprint('2'), PUBLIC, "two", T1));

    assertThat(directory.backupKey(user))
        .contains(new BackupKeyView(user, fingerprint('2'), PUBLIC, T1));
  }

  private void apply(Object event) {
    if (event instanceof DeviceKeyPublishedEvent e) {
      projection.on(e);
    } else if (event instanceof DeviceKeyEndedEvent e) {
      projection.on(e);
    }
  }
}
