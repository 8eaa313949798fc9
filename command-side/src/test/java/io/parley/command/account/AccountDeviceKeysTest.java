package io.parley.command.account;

import io.parley.events.account.AccountDeletedEvent;
import io.parley.events.account.AccountRegisteredEvent;
import io.parley.events.account.ChangePasswordCommand;
import io.parley.events.account.DeleteAccountCommand;
import io.parley.events.account.DeviceSessionEndedEvent;
import io.parley.events.account.DeviceSessionStartedEvent;
import io.parley.events.account.EndDeviceSessionCommand;
import io.parley.events.account.PasswordChangedEvent;
import io.parley.events.account.SessionEndReason;
import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.events.e2ee.DeviceKeyEndedEvent;
import io.parley.events.e2ee.DeviceKeyPublishedEvent;
import io.parley.events.e2ee.DeviceKeyStatus;
import io.parley.events.e2ee.KeyBackupRemovedEvent;
import io.parley.events.e2ee.KeyBackupStoredEvent;
import io.parley.events.e2ee.PublishDeviceKeyCommand;
import io.parley.events.e2ee.RemoveKeyBackupCommand;
import io.parley.events.e2ee.RevokeDeviceKeyCommand;
import io.parley.events.e2ee.StoreKeyBackupCommand;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Account's device keys and key backup (docs/adr/0182), on the aggregate alone. */
class AccountDeviceKeysTest {
  private static final UUID USER = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
  private static final UUID PHONE = UUID.fromString("00000000-0000-0000-0000-00000000c001");
  private static final UUID LAPTOP = UUID.fromString("00000000-0000-0000-0000-00000000c002");
  private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
  private static final Instant T1 = Instant.parse("2026-12-01T09:00:00Z");
  private static final String A = "a".repeat(40);
  private static final String B = "b".repeat(64);
  private static final String PUBLIC = "-----BEGIN PGP PUBLIC KEY BLOCK-----...";

  private AggregateTestFixture<Account> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(Account.class);
  }

  private static AccountRegisteredEvent registered() {
    return new AccountRegisteredEvent(USER, "alice", "Alice", T0);
  }

  private static DeviceSessionStartedEvent started(UUID session) {
    return new DeviceSessionStartedEvent(USER, session, "device " + session, T0);
  }

  private static DeviceKeyPublishedEvent published(UUID session, String fingerprint) {
    return new DeviceKeyPublishedEvent(USER, session, "device " + session, fingerprint, PUBLIC, T0);
  }

  private static PublishDeviceKeyCommand publish(UUID session, String fingerprint) {
    return new PublishDeviceKeyCommand(USER, session, fingerprint, PUBLIC, 8, T1);
  }

  private static DeviceKeyEndedEvent revoked(UUID session, String fingerprint) {
    return new DeviceKeyEndedEvent(USER, session, fingerprint, DeviceKeyStatus.REVOKED, T1);
  }

  private static Matcher<DomainException> refusedWith(ErrorCode code) {
    return new TypeSafeMatcher<>() {
      @Override
      protected boolean matchesSafely(DomainException e) {
        return e.code() == code;
      }

      @Override
      public void describeTo(Description description) {
        description.appendText("a DomainException with code " + code);
      }
    };
  }

  @Test
  void aLiveSessionPublishesItsKeyWithItsDeviceName() {
    fixture
        .given(registered(), started(PHONE))
        .when(publish(PHONE, A))
        .expectEvents(new DeviceKeyPublishedEvent(USER, PHONE, "device " + PHONE, A, PUBLIC, T1));
  }

  @Test
  void theSameFingerprintAgainChangesNothing() {
    fixture
        .given(registered(), started(PHONE), published(PHONE, A))
        .when(publish(PHONE, A))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void anotherFingerprintReplacesTheSessionsKey() {
    fixture
        .given(registered(), started(PHONE), published(PHONE, A))
        .when(publish(PHONE, B))
        .expectEvents(
            new DeviceKeyEndedEvent(USER, PHONE, A, DeviceKeyStatus.REPLACED, T1),
            new DeviceKeyPublishedEvent(USER, PHONE, "device " + PHONE, B, PUBLIC, T1));
  }

  @Test
  void anEndedSessionPublishesNothing() {
    fixture
        .given(
            registered(),
            started(PHONE),
            new DeviceSessionEndedEvent(USER, PHONE, SessionEndReason.LOGOUT, T0))
        .when(publish(PHONE, A))
        .expectException(refusedWith(ErrorCode.UNAUTHENTICATED))
        .expectNoEvents();
  }

  @Test
  void aNewKeyBeyondTheLimitIsRefusedButReplacingOneIsNot() {
    List<Object> given = new ArrayList<>(List.of(registered()));
    List<UUID> sessions = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      UUID session = UUID.randomUUID();
      sessions.add(session);
      given.add(started(session));
      given.add(published(session, Integer.toString(i).repeat(40)));
    }
    given.add(started(LAPTOP));
    fixture
        .given(given)
        .when(new PublishDeviceKeyCommand(USER, LAPTOP, A, PUBLIC, 3, T1))
        .expectException(refusedWith(ErrorCode.TOO_MANY_DEVICE_KEYS))
        .expectNoEvents();

    fixture
        .given(given)
        .when(new PublishDeviceKeyCommand(USER, sessions.get(0), A, PUBLIC, 3, T1))
        .expectSuccessfulHandlerExecution()
        .expectEvents(
            new DeviceKeyEndedEvent(
                USER, sessions.get(0), "0".repeat(40), DeviceKeyStatus.REPLACED, T1),
            new DeviceKeyPublishedEvent(
                USER, sessions.get(0), "device " + sessions.get(0), A, PUBLIC, T1));
  }

  @Test
  void deletingTheKeyRevokesItAndAgainChangesNothing() {
    fixture
        .given(registered(), started(PHONE), published(PHONE, A))
        .when(new RevokeDeviceKeyCommand(USER, PHONE, T1))
        .expectEvents(revoked(PHONE, A));
    fixture
        .given(registered(), started(PHONE), published(PHONE, A), revoked(PHONE, A))
        .when(new RevokeDeviceKeyCommand(USER, PHONE, T1))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void everyEndOfASessionRevokesItsKey() {
    for (SessionEndReason reason :
        List.of(
            SessionEndReason.LOGOUT,
            SessionEndReason.REVOKED,
            SessionEndReason.REFRESH_TOKEN_REUSED)) {
      fixture
          .given(registered(), started(PHONE), published(PHONE, A))
          .when(new EndDeviceSessionCommand(USER, PHONE, reason, T1))
          .expectEvents(revoked(PHONE, A), new DeviceSessionEndedEvent(USER, PHONE, reason, T1));
    }
  }

  @Test
  void aPasswordChangeRevokesTheOtherSessionsKeysOnly() {
    fixture
        .given(
            registered(),
            started(PHONE),
            started(LAPTOP),
            published(PHONE, A),
            published(LAPTOP, B))
        .when(new ChangePasswordCommand(USER, PHONE, T1))
        .expectEvents(
            new PasswordChangedEvent(USER, PHONE, T1),
            revoked(LAPTOP, B),
            new DeviceSessionEndedEvent(USER, LAPTOP, SessionEndReason.PASSWORD_CHANGED, T1));
  }

  @Test
  void deletingTheAccountRevokesEveryKeyAndRemovesTheBackup() {
    fixture
        .given(
            registered(),
            started(PHONE),
            published(PHONE, A),
            new KeyBackupStoredEvent(USER, B, PUBLIC, "private", T0))
        .when(new DeleteAccountCommand(USER, T1))
        .expectEvents(
            revoked(PHONE, A),
            new DeviceSessionEndedEvent(USER, PHONE, SessionEndReason.ACCOUNT_DELETED, T1),
            new KeyBackupRemovedEvent(USER, B, T1),
            new AccountDeletedEvent(USER, T1));
  }

  @Test
  void aBackupIsStoredReplacedAndRemovedAndTheSameOneAgainIsANoOp() {
    fixture
        .given(registered())
        .when(new StoreKeyBackupCommand(USER, A, PUBLIC, "private", T1))
        .expectEvents(new KeyBackupStoredEvent(USER, A, PUBLIC, "private", T1));
    fixture
        .given(registered(), new KeyBackupStoredEvent(USER, A, PUBLIC, "private", T0))
        .when(new StoreKeyBackupCommand(USER, A, PUBLIC, "private", T1))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
    fixture
        .given(registered(), new KeyBackupStoredEvent(USER, A, PUBLIC, "private", T0))
        .when(new StoreKeyBackupCommand(USER, B, PUBLIC, "other", T1))
        .expectEvents(new KeyBackupStoredEvent(USER, B, PUBLIC, "other", T1));
    fixture
        .given(registered(), new KeyBackupStoredEvent(USER, A, PUBLIC, "private", T0))
        .when(new RemoveKeyBackupCommand(USER, T1))
        .expectEvents(new KeyBackupRemovedEvent(USER, A, T1));
    fixture
        .given(registered())
        .when(new RemoveKeyBackupCommand(USER, T1))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }
}
