package io.parley.query.conversation;

import io.parley.events.conversation.GroupUpdatedEvent;
import io.parley.events.conversation.MemberRemovedEvent;
import io.parley.events.conversation.MemberRoleChangedEvent;
import io.parley.query.rebuild.ReadModelRebuilds;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * While the conversation directory is rebuilt beside its live tables (docs/adr/0100), its processor
 * is busy replaying and the live tables stand still. This consumer follows the head of the log and,
 * during such a rebuild only, applies to the live tables the changes that decide who sees what: a
 * removal, a role change, a visibility change. A member removed during a replay loses access at
 * once, not when the replay ends. Same writes as the projection, so applying one twice (here and
 * after the swap) changes nothing. It keeps no durable position and is never replayed.
 */
@Component
@ProcessingGroup(DirectoryPrivacyGuard.GROUP)
@DisallowReplay
class DirectoryPrivacyGuard {
  static final String GROUP = "conversation-directory-guard";

  private final ConversationDirectoryProjection projection;
  private final ReadModelRebuilds rebuilds;

  DirectoryPrivacyGuard(ConversationDirectoryProjection projection, ReadModelRebuilds rebuilds) {
    this.projection = projection;
    this.rebuilds = rebuilds;
  }

  @EventHandler
  void on(MemberRemovedEvent event) {
    if (rebuilding()) {
      projection.on(event);
    }
  }

  @EventHandler
  void on(MemberRoleChangedEvent event) {
    if (rebuilding()) {
      projection.on(event);
    }
  }

  @EventHandler
  void on(GroupUpdatedEvent event) {
    if (rebuilding()) {
      projection.on(event);
    }
  }

  private boolean rebuilding() {
    return rebuilds.rebuilding(ConversationDirectoryProjection.GROUP);
  }
}
