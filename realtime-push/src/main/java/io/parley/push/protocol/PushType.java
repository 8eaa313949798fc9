package io.parley.push.protocol;

import io.parley.events.account.UserView;
import io.parley.events.conversation.ConversationView;
import io.parley.events.message.MessageView;
import io.parley.push.presence.PresenceView;
import java.util.List;

/**
 * One event type of the gateway contract and the record its {@code data} is: a push can only be
 * made with the payload its type declares ({@code Push.of(PushType.MESSAGE_CREATED, ..,
 * messageView)}). The browser's union in frontend/src/api/types.ts is checked against these records
 * by {@code PushProtocolTest} and the frontend's protocol test (docs/adr/0112). Ephemeral types
 * (typing, presence) are dropped first when a socket falls behind.
 */
public final class PushType<D> {
  public static final PushType<MessageView> MESSAGE_CREATED =
      new PushType<>("message.created", MessageView.class, false);
  public static final PushType<MessageUpdated> MESSAGE_UPDATED =
      new PushType<>("message.updated", MessageUpdated.class, false);
  public static final PushType<MessageDeleted> MESSAGE_DELETED =
      new PushType<>("message.deleted", MessageDeleted.class, false);
  public static final PushType<ReactionUpdated> REACTION_UPDATED =
      new PushType<>("reaction.updated", ReactionUpdated.class, false);
  public static final PushType<ConversationView> CONVERSATION_CREATED =
      new PushType<>("conversation.created", ConversationView.class, false);
  public static final PushType<ConversationView> CONVERSATION_UPDATED =
      new PushType<>("conversation.updated", ConversationView.class, false);
  public static final PushType<ConversationDeleted> CONVERSATION_DELETED =
      new PushType<>("conversation.deleted", ConversationDeleted.class, false);
  public static final PushType<MemberJoined> MEMBER_JOINED =
      new PushType<>("member.joined", MemberJoined.class, false);
  public static final PushType<MemberLeft> MEMBER_LEFT =
      new PushType<>("member.left", MemberLeft.class, false);
  public static final PushType<MemberRoleChanged> MEMBER_ROLE_CHANGED =
      new PushType<>("member.role_changed", MemberRoleChanged.class, false);
  public static final PushType<MarkerMoved> READ_UPDATED =
      new PushType<>("read.updated", MarkerMoved.class, false);
  public static final PushType<MarkerMoved> DELIVERED_UPDATED =
      new PushType<>("delivered.updated", MarkerMoved.class, false);
  public static final PushType<TypingStarted> TYPING_STARTED =
      new PushType<>("typing.started", TypingStarted.class, true);
  public static final PushType<PresenceView> PRESENCE_UPDATED =
      new PushType<>("presence.updated", PresenceView.class, true);
  public static final PushType<UserView> USER_UPDATED =
      new PushType<>("user.updated", UserView.class, false);
  public static final PushType<KeysChanged> KEYS_CHANGED =
      new PushType<>("keys.changed", KeysChanged.class, false);

  /** Every type of the contract (docs/api.md), in its order. */
  public static final List<PushType<?>> ALL =
      List.of(
          MESSAGE_CREATED,
          MESSAGE_UPDATED,
          MESSAGE_DELETED,
          REACTION_UPDATED,
          CONVERSATION_CREATED,
          CONVERSATION_UPDATED,
          CONVERSATION_DELETED,
          MEMBER_JOINED,
          MEMBER_LEFT,
          MEMBER_ROLE_CHANGED,
          READ_UPDATED,
          DELIVERED_UPDATED,
          TYPING_STARTED,
          PRESENCE_UPDATED,
          USER_UPDATED,
          KEYS_CHANGED);

  private final String wire;
  private final Class<D> data;
  private final boolean ephemeral;

  private PushType(String wire, Class<D> data, boolean ephemeral) {
    this.wire = wire;
    this.data = data;
    this.ephemeral = ephemeral;
  }

  /** The {@code type} field on the wire. */
  public String wire() {
    return wire;
  }

  /** The record {@code data} is. */
  public Class<D> data() {
    return data;
  }

  public boolean ephemeral() {
    return ephemeral;
  }

  @Override
  public String toString() {
    return wire;
  }
}
