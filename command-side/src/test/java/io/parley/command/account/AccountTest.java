package io.parley.command.account;

import io.parley.events.account.AccountDeletedEvent;
import io.parley.events.account.AccountRegisteredEvent;
import io.parley.events.account.AvatarChangedEvent;
import io.parley.events.account.ChangeAvatarCommand;
import io.parley.events.account.ChangeDisplayNameCommand;
import io.parley.events.account.ChangePasswordCommand;
import io.parley.events.account.DeleteAccountCommand;
import io.parley.events.account.DeviceSessionEndedEvent;
import io.parley.events.account.DeviceSessionStartedEvent;
import io.parley.events.account.DisplayNameChangedEvent;
import io.parley.events.account.EndDeviceSessionCommand;
import io.parley.events.account.PasswordChangedEvent;
import io.parley.events.account.RegisterAccountCommand;
import io.parley.events.account.SessionEndReason;
import io.parley.events.account.StartDeviceSessionCommand;
import io.parley.events.common.DomainException;
import io.parley.events.message.Attachment;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AccountTest {
  private static final UUID USER = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
  private static final UUID PHONE = UUID.fromString("00000000-0000-0000-0000-00000000c001");
  private static final UUID LAPTOP = UUID.fromString("00000000-0000-0000-0000-00000000c002");
  private static final UUID TABLET = UUID.fromString("00000000-0000-0000-0000-00000000c003");
  private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
  private static final Instant T1 = Instant.parse("2026-11-23T09:00:00Z");

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

  @Test
  void registeringAnAccountRecordsItsNameAndDisplayName() {
    fixture
        .givenNoPriorActivity()
        .when(new RegisterAccountCommand(USER, "alice", "Alice", T0))
        .expectSuccessfulHandlerExecution()
        .expectEvents(registered());
  }

  @Test
  void registrationAcceptsUpperCaseBecauseNamesCompareFolded() {
    fixture
        .givenNoPriorActivity()
        .when(new RegisterAccountCommand(USER, "Alice.B-1_", "Alice", T0))
        .expectEvents(new AccountRegisteredEvent(USER, "Alice.B-1_", "Alice", T0));
  }

  @Test
  void cannotRegisterAUsernameOutsideTheAllowedCharacters() {
    fixture
        .givenNoPriorActivity()
        .when(new RegisterAccountCommand(USER, "al ice", "Alice", T0))
        .expectException(DomainException.class)
        .expectNoEvents();
  }

  @Test
  void cannotRegisterAUsernameShorterThanThree() {
    fixture
        .givenNoPriorActivity()
        .when(new RegisterAccountCommand(USER, "al", "Alice", T0))
        .expectException(DomainException.class)
        .expectNoEvents();
  }

  @Test
  void cannotRegisterWithABlankDisplayName() {
    fixture
        .givenNoPriorActivity()
        .when(new RegisterAccountCommand(USER, "alice", "   ", T0))
        .expectException(DomainException.class)
        .expectNoEvents();
  }

  @Test
  void changingTheDisplayNameRecordsTheNewName() {
    fixture
        .given(registered())
        .when(new ChangeDisplayNameCommand(USER, "Alice Liddell", T1))
        .expectEvents(new DisplayNameChangedEvent(USER, "Alice Liddell", T1));
  }

  @Test
  void changingTheDisplayNameToTheCurrentOneChangesNothing() {
    fixture
        .given(registered(), new DisplayNameChangedEvent(USER, "Al", T0))
        .when(new ChangeDisplayNameCommand(USER, "Al", T1))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void cannotChangeTheDisplayNameToMoreThanSixtyFourCharacters() {
    fixture
        .given(registered())
        .when(new ChangeDisplayNameCommand(USER, "x".repeat(65), T1))
        .expectException(DomainException.class)
        .expectNoEvents();
  }

  @Test
  void cannotChangeTheDisplayNameToOneWithControlCharacters() {
    fixture
        .given(registered())
        .when(new ChangeDisplayNameCommand(USER, "Ali\u0007ce", T1))
        .expectException(DomainException.class)
        .expectNoEvents();
  }

  @Test
  void cannotRegisterWithABidiOverrideInTheDisplayName() {
    fixture
        .givenNoPriorActivity()
        .when(new RegisterAccountCommand(USER, "alice", "\u202Egnp.exe", T0))
        .expectException(DomainException.class)
        .expectNoEvents();
  }

  @Test
  void cannotRegisterAUsernameWithALookAlikeThatOnlyFoldsToAscii() {
    fixture
        .givenNoPriorActivity()
        .when(new RegisterAccountCommand(USER, "\u212Aelvin", "Kelvin", T0))
        .expectException(DomainException.class)
        .expectNoEvents();
  }

  @Test
  void cannotChangeTheDisplayNameToOneWithAZeroWidthSpace() {
    fixture
        .given(registered())
        .when(new ChangeDisplayNameCommand(USER, "Al\u200Bice", T1))
        .expectException(DomainException.class)
        .expectNoEvents();
  }

  @Test
  void cannotChangeTheDisplayNameToOneNotInNfkcForm() {
    fixture
        .given(registered())
        .when(new ChangeDisplayNameCommand(USER, "\uFF21lice", T1))
        .expectException(DomainException.class)
        .expectNoEvents();
  }

  @Test
  void anEmojiSequenceJoinedByZeroWidthJoinersIsADisplayName() {
    fixture
        .given(registered())
        .when(new ChangeDisplayNameCommand(USER, "\uD83D\uDC69\u200D\uD83D\uDCBB", T1))
        .expectEvents(new DisplayNameChangedEvent(USER, "\uD83D\uDC69\u200D\uD83D\uDCBB", T1));
  }

  @Test
  void aDisplayNameOfSixtyFourEmojiIsWithinTheLimit() {
    String name = "\uD83D\uDE00".repeat(64);
    fixture
        .given(registered())
        .when(new ChangeDisplayNameCommand(USER, name, T1))
        .expectEvents(new DisplayNameChangedEvent(USER, name, T1));
  }

  @Test
  void startingADeviceSessionRecordsTheDevice() {
    fixture
        .given(registered())
        .when(new StartDeviceSessionCommand(USER, PHONE, "phone", T1))
        .expectEvents(new DeviceSessionStartedEvent(USER, PHONE, "phone", T1));
  }

  @Test
  void aDeviceSessionMayHaveNoDeviceName() {
    fixture
        .given(registered())
        .when(new StartDeviceSessionCommand(USER, PHONE, null, T1))
        .expectEvents(new DeviceSessionStartedEvent(USER, PHONE, null, T1));
  }

  @Test
  void cannotStartTheSameDeviceSessionTwice() {
    fixture
        .given(registered(), started(PHONE))
        .when(new StartDeviceSessionCommand(USER, PHONE, "phone", T1))
        .expectException(DomainException.class)
        .expectNoEvents();
  }

  @Test
  void cannotStartADeviceSessionWithAnOverlongDeviceName() {
    fixture
        .given(registered())
        .when(new StartDeviceSessionCommand(USER, PHONE, "d".repeat(101), T1))
        .expectException(DomainException.class)
        .expectNoEvents();
  }

  @Test
  void endingALiveSessionRecordsWhyItEnded() {
    fixture
        .given(registered(), started(PHONE))
        .when(new EndDeviceSessionCommand(USER, PHONE, SessionEndReason.LOGOUT, T1))
        .expectEvents(new DeviceSessionEndedEvent(USER, PHONE, SessionEndReason.LOGOUT, T1));
  }

  @Test
  void endingAnEndedSessionAgainChangesNothing() {
    fixture
        .given(
            registered(),
            started(PHONE),
            new DeviceSessionEndedEvent(USER, PHONE, SessionEndReason.LOGOUT, T0))
        .when(new EndDeviceSessionCommand(USER, PHONE, SessionEndReason.REFRESH_TOKEN_REUSED, T1))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void endingASessionThatNeverStartedChangesNothing() {
    fixture
        .given(registered(), started(PHONE))
        .when(new EndDeviceSessionCommand(USER, LAPTOP, SessionEndReason.LOGOUT, T1))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void cannotEndASessionWithoutAReason() {
    fixture
        .given(registered(), started(PHONE))
        .when(new EndDeviceSessionCommand(USER, PHONE, null, T1))
        .expectException(DomainException.class)
        .expectNoEvents();
  }

  @Test
  void changingThePasswordEndsEveryOtherLiveSession() {
    fixture
        .given(
            registered(),
            started(PHONE),
            started(LAPTOP),
            started(TABLET),
            new DeviceSessionEndedEvent(USER, TABLET, SessionEndReason.LOGOUT, T0))
        .when(new ChangePasswordCommand(USER, PHONE, T1))
        .expectEvents(
            new PasswordChangedEvent(USER, PHONE, T1),
            new DeviceSessionEndedEvent(USER, LAPTOP, SessionEndReason.PASSWORD_CHANGED, T1));
  }

  @Test
  void changingThePasswordOnTheOnlyDeviceEndsNothingElse() {
    fixture
        .given(registered(), started(PHONE))
        .when(new ChangePasswordCommand(USER, PHONE, T1))
        .expectEvents(new PasswordChangedEvent(USER, PHONE, T1));
  }

  @Test
  void cannotChangeThePasswordFromAnEndedSession() {
    fixture
        .given(
            registered(),
            started(PHONE),
            started(LAPTOP),
            new DeviceSessionEndedEvent(USER, PHONE, SessionEndReason.LOGOUT, T0))
        .when(new ChangePasswordCommand(USER, PHONE, T1))
        .expectException(DomainException.class)
        .expectNoEvents();
  }

  private static Attachment image(int n) {
    return new Attachment(new UUID(0xa7, n), "me.png", "image/png", 900, "ef", 256, 256, true);
  }

  @Test
  void settingAnAvatarRecordsTheImage() {
    fixture
        .given(registered())
        .when(new ChangeAvatarCommand(USER, image(1), T1))
        .expectEvents(new AvatarChangedEvent(USER, image(1), T1));
  }

  @Test
  void settingTheSameAvatarAgainChangesNothing() {
    fixture
        .given(registered(), new AvatarChangedEvent(USER, image(1), T0))
        .when(new ChangeAvatarCommand(USER, image(1), T1))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void replacingAndClearingTheAvatarAreRecorded() {
    fixture
        .given(registered(), new AvatarChangedEvent(USER, image(1), T0))
        .when(new ChangeAvatarCommand(USER, image(2), T1))
        .expectEvents(new AvatarChangedEvent(USER, image(2), T1));
    fixture
        .given(registered(), new AvatarChangedEvent(USER, image(1), T0))
        .when(new ChangeAvatarCommand(USER, null, T1))
        .expectEvents(new AvatarChangedEvent(USER, null, T1));
  }

  @Test
  void clearingAnAvatarThatIsNotSetChangesNothing() {
    fixture
        .given(registered())
        .when(new ChangeAvatarCommand(USER, null, T1))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void anAvatarMustBeAnImage() {
    Attachment pdf =
        new Attachment(
            new UUID(0xa7, 9), "cv.pdf", "application/pdf", 900, "ef", null, null, false);
    fixture
        .given(registered())
        .when(new ChangeAvatarCommand(USER, pdf, T1))
        .expectException(DomainException.class)
        .expectExceptionMessage("An avatar is an image.")
        .expectNoEvents();
  }

  @Test
  void deletingAnAccountEndsEveryLiveSessionThenTheAccount() {
    fixture
        .given(registered(), started(PHONE), started(LAPTOP))
        .when(new DeleteAccountCommand(USER, T1))
        .expectEvents(
            new DeviceSessionEndedEvent(USER, PHONE, SessionEndReason.ACCOUNT_DELETED, T1),
            new DeviceSessionEndedEvent(USER, LAPTOP, SessionEndReason.ACCOUNT_DELETED, T1),
            new AccountDeletedEvent(USER, T1));
  }

  @Test
  void deletingADeletedAccountChangesNothing() {
    fixture
        .given(registered(), new AccountDeletedEvent(USER, T1))
        .when(new DeleteAccountCommand(USER, T1))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void aDeletedAccountStartsNoSession() {
    fixture
        .given(registered(), new AccountDeletedEvent(USER, T1))
        .when(new StartDeviceSessionCommand(USER, TABLET, "tablet", T1))
        .expectException(DomainException.class)
        .expectNoEvents();
  }

  @Test
  void aDeletedAccountChangesNoName() {
    fixture
        .given(registered(), new AccountDeletedEvent(USER, T1))
        .when(new ChangeDisplayNameCommand(USER, "Mallory", T1))
        .expectException(DomainException.class)
        .expectNoEvents();
  }

  @Test
  void revokingASessionEndsItForTheRevokedReason() {
    fixture
        .given(registered(), started(PHONE), started(LAPTOP))
        .when(new EndDeviceSessionCommand(USER, LAPTOP, SessionEndReason.REVOKED, T1))
        .expectEvents(new DeviceSessionEndedEvent(USER, LAPTOP, SessionEndReason.REVOKED, T1));
  }
}
