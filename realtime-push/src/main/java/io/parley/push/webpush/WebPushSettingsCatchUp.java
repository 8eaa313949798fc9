package io.parley.push.webpush;

import io.parley.events.account.DeviceSessionEndedEvent;
import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.conversation.MemberRemovedEvent;
import io.parley.events.conversation.NotificationLevelChangedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/**
 * Keeps the notification settings complete from the whole history, with a durable position, and
 * drops the subscriptions of ended device sessions. The live notifier writes the same rows as it
 * sees the events, so it never waits for this one (docs/adr/0156).
 */
@Component
@ProcessingGroup(WebPushSettingsCatchUp.GROUP)
class WebPushSettingsCatchUp {
  static final String GROUP = "push-notification-settings";

  private final NotificationSettings settings;
  private final PushSubscriptions subscriptions;

  WebPushSettingsCatchUp(NotificationSettings settings, PushSubscriptions subscriptions) {
    this.settings = settings;
    this.subscriptions = subscriptions;
  }

  @EventHandler
  void on(MemberAddedEvent event, @SequenceNumber long version) {
    settings.joined(event.conversationId(), event.userId(), version);
  }

  @EventHandler
  void on(MemberRemovedEvent event, @SequenceNumber long version) {
    settings.left(event.conversationId(), event.userId(), version);
  }

  @EventHandler
  void on(NotificationLevelChangedEvent event, @SequenceNumber long version) {
    settings.levelChanged(event.conversationId(), event.userId(), event.level(), version);
  }

  /** Logout, revocation, a reused refresh token: that device's browser gets no more pushes. */
  @EventHandler
  void on(DeviceSessionEndedEvent event) {
    subscriptions.sessionEnded(event.sessionId());
  }

  /** Every write is version-guarded and idempotent: a replay rewrites rows, it clears nothing. */
  @ResetHandler
  void reset() {}
}
