package io.parley.command.conversation;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.events.conversation.AddMemberCommand;
import io.parley.events.conversation.BanMemberCommand;
import io.parley.events.conversation.ChangeGroupPictureCommand;
import io.parley.events.conversation.ChangeMemberRoleCommand;
import io.parley.events.conversation.ConversationKind;
import io.parley.events.conversation.ConversationView;
import io.parley.events.conversation.CreateGroupCommand;
import io.parley.events.conversation.CreateInviteCommand;
import io.parley.events.conversation.DeleteGroupCommand;
import io.parley.events.conversation.DirectConversationOpenedEvent;
import io.parley.events.conversation.GroupCreatedEvent;
import io.parley.events.conversation.GroupDeletedEvent;
import io.parley.events.conversation.GroupPictureChangedEvent;
import io.parley.events.conversation.GroupUpdatedEvent;
import io.parley.events.conversation.InviteCreatedEvent;
import io.parley.events.conversation.InviteRevokedEvent;
import io.parley.events.conversation.InviteUsedEvent;
import io.parley.events.conversation.JoinByInviteCommand;
import io.parley.events.conversation.JoinGroupCommand;
import io.parley.events.conversation.LeaveGroupCommand;
import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.conversation.MemberBannedEvent;
import io.parley.events.conversation.MemberRemovedEvent;
import io.parley.events.conversation.MemberRole;
import io.parley.events.conversation.MemberRoleChangedEvent;
import io.parley.events.conversation.MemberUnbannedEvent;
import io.parley.events.conversation.NotificationLevel;
import io.parley.events.conversation.NotificationLevelChangedEvent;
import io.parley.events.conversation.OpenDirectConversationCommand;
import io.parley.events.conversation.RemoveDeletedAccountCommand;
import io.parley.events.conversation.RemoveMemberCommand;
import io.parley.events.conversation.RevokeInviteCommand;
import io.parley.events.conversation.SetNotificationLevelCommand;
import io.parley.events.conversation.UnbanMemberCommand;
import io.parley.events.conversation.UpdateGroupCommand;
import io.parley.events.conversation.Visibility;
import io.parley.events.message.AddReactionCommand;
import io.parley.events.message.Attachment;
import io.parley.events.message.DeleteMessageCommand;
import io.parley.events.message.EditMessageCommand;
import io.parley.events.message.MessageDeletedEvent;
import io.parley.events.message.MessageEditedEvent;
import io.parley.events.message.MessageSentEvent;
import io.parley.events.message.ReactionAddedEvent;
import io.parley.events.message.ReactionRemovedEvent;
import io.parley.events.message.RemoveReactionCommand;
import io.parley.events.message.SendMessageCommand;
import io.parley.events.message.SentMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A direct conversation or a group. Its state is only what its rules need: members and roles,
 * settings, the last {@code seq}, and a bounded window of recent client message ids (with the seq
 * and id they got) for idempotent sends. Message bodies and per-message state never live here:
 * commands on one message carry the facts the caller looked up (see ADR 0021), so handling a
 * command costs the same after ten or ten million messages. Cached and snapshotted (ADR 0022);
 * fields are read by Jackson for snapshots.
 */
@Aggregate(cache = "conversationCache", snapshotTriggerDefinition = "conversationSnapshotTrigger")
@JsonAutoDetect(
    fieldVisibility = JsonAutoDetect.Visibility.ANY,
    getterVisibility = JsonAutoDetect.Visibility.NONE,
    isGetterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonIgnoreProperties(ignoreUnknown = true)
public class Conversation {
  public static final int CLIENT_ID_WINDOW = 512;
  public static final int MAX_ATTACHMENTS = 10;
  static final int MAX_MEMBERS = 10_000;

  /** Invite links a group holds at once that can still admit someone (docs/adr/0159). */
  static final int MAX_LIVE_INVITES = 100;

  /** What a recent send got, so a retry inside the window is answered without a new event. */
  record RecentSend(long seq, long messageId, UUID senderId) {}

  /** An invite link's rules and how many joins it admitted (docs/adr/0159). */
  record Invite(Instant expiresAt, Integer maxUses, int uses) {
    boolean admits(Instant now) {
      return (expiresAt == null || now.isBefore(expiresAt)) && (maxUses == null || uses < maxUses);
    }
  }

  @AggregateIdentifier private UUID conversationId;
  private ConversationKind kind;
  private String name;
  private String topic;
  private Visibility visibility;
  private boolean encrypted;
  private Instant createdAt;
  // join order (insertion order) names the longest-standing member, see RemoveDeletedAccountCommand
  private Map<UUID, MemberRole> members = new LinkedHashMap<>();
  private Set<UUID> banned = new HashSet<>();
  private long lastSeq;
  private LinkedHashMap<UUID, RecentSend> recentSends = new LinkedHashMap<>();
  private UUID pictureId;
  private Map<String, Invite> invites = new HashMap<>();
  private UUID deletedBy;

  /** Members' chosen levels other than the default ALL; leaving forgets the choice. */
  private Map<UUID, NotificationLevel> levels = new HashMap<>();

  protected Conversation() {}

  @CommandHandler
  public Conversation(CreateGroupCommand command, EncryptionRules encryption) {
    long others =
        command.memberIds().stream()
            .filter(id -> !id.equals(command.creatorId()))
            .distinct()
            .count();
    if (others >= MAX_MEMBERS) {
      throw new DomainException(ErrorCode.INVALID_INPUT, "A group holds at most 10000 members.");
    }
    if (command.encrypted()) {
      if (command.visibility() != Visibility.PRIVATE) {
        throw new DomainException(
            ErrorCode.INVALID_INPUT, "visibility: an encrypted group must be private.");
      }
      if (others + 1 > encryption.maxMembers()) {
        throw tooManyMembers(encryption);
      }
    }
    UUID id = command.conversationId();
    apply(
        new GroupCreatedEvent(
            id,
            command.creatorId(),
            command.name(),
            command.topic(),
            command.visibility(),
            command.now(),
            command.encrypted()));
    apply(
        new MemberAddedEvent(
            id, command.creatorId(), command.creatorId(), MemberRole.OWNER, command.now()));
    command.memberIds().stream()
        .filter(member -> !member.equals(command.creatorId()))
        .distinct()
        .forEach(
            member ->
                apply(
                    new MemberAddedEvent(
                        id, command.creatorId(), member, MemberRole.MEMBER, command.now())));
  }

  /** Opens the pair's conversation the first time; every later call finds it unchanged. */
  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  public ConversationView handle(OpenDirectConversationCommand command) {
    if (conversationId == null) {
      UUID id = command.conversationId();
      apply(
          new DirectConversationOpenedEvent(
              id,
              command.initiatorId(),
              command.otherUserId(),
              command.now(),
              command.encrypted()));
      apply(
          new MemberAddedEvent(
              id, command.initiatorId(), command.initiatorId(), MemberRole.MEMBER, command.now()));
      apply(
          new MemberAddedEvent(
              id, command.initiatorId(), command.otherUserId(), MemberRole.MEMBER, command.now()));
    } else if (kind != ConversationKind.DIRECT
        || encrypted != command.encrypted()
        || !members.containsKey(command.initiatorId())
        || !members.containsKey(command.otherUserId())) {
      throw new DomainException(ErrorCode.CONFLICT, "That id belongs to another conversation.");
    }
    return view();
  }

  @CommandHandler
  public ConversationView handle(UpdateGroupCommand command) {
    requireGroup(command.actorId());
    MemberRole actor = requireManager(command.actorId(), "Only owners and admins change a group.");
    if (encrypted && command.visibility() == Visibility.PUBLIC) {
      // Public would let anyone read along without keys: an encrypted group is never downgraded.
      throw new DomainException(
          ErrorCode.ENCRYPTED_CONVERSATION, "An end-to-end encrypted group stays private.");
    }
    if (command.visibility() != null
        && command.visibility() != visibility
        && actor != MemberRole.OWNER) {
      // A private group made public exposes its whole history to anyone: the owner's decision.
      throw new DomainException(
          ErrorCode.FORBIDDEN, "Only the owner changes a group's visibility.");
    }
    String newName = command.name() == null ? name : command.name();
    String newTopic = command.topic() == null ? topic : command.topic();
    Visibility newVisibility = command.visibility() == null ? visibility : command.visibility();
    if (!Objects.equals(newName, name)
        || !Objects.equals(newTopic, topic)
        || newVisibility != visibility) {
      apply(
          new GroupUpdatedEvent(
              conversationId, command.actorId(), newName, newTopic, newVisibility, command.now()));
    }
    return view();
  }

  @CommandHandler
  public ConversationView handle(JoinGroupCommand command, EncryptionRules encryption) {
    requireGroup(command.userId());
    if (members.containsKey(command.userId())) {
      return view();
    }
    if (visibility != Visibility.PUBLIC) {
      throw notFound();
    }
    requireNotBanned(command.userId(), "You are banned from this group.");
    requireRoom(encryption);
    // Whoever joins a group its last member left takes it over: a group is never ownerless.
    MemberRole role = members.isEmpty() ? MemberRole.OWNER : MemberRole.MEMBER;
    apply(
        new MemberAddedEvent(
            conversationId, command.userId(), command.userId(), role, command.now()));
    return view();
  }

  /** Leaving twice is leaving once, so a non-member's leave succeeds without an event. */
  @CommandHandler
  public void handle(LeaveGroupCommand command) {
    requireKind(ConversationKind.GROUP);
    MemberRole role = members.get(command.userId());
    if (role == null) {
      return;
    }
    if (role == MemberRole.OWNER && members.size() > 1) {
      throw new DomainException(
          ErrorCode.CONFLICT, "The owner must hand ownership to another member before leaving.");
    }
    apply(
        new MemberRemovedEvent(conversationId, command.userId(), command.userId(), command.now()));
  }

  /**
   * A deleted account leaves a group; an owner first hands the group to the longest-standing admin,
   * else the longest-standing member. A direct conversation keeps it, so its peer keeps the history
   * (docs/adr/0162).
   */
  @CommandHandler
  public void handle(RemoveDeletedAccountCommand command) {
    MemberRole role = members.get(command.userId());
    if (kind != ConversationKind.GROUP || role == null) {
      return;
    }
    if (role == MemberRole.OWNER) {
      successorOf(command.userId())
          .ifPresent(
              heir ->
                  apply(
                      new MemberRoleChangedEvent(
                          conversationId,
                          command.userId(),
                          heir,
                          MemberRole.OWNER,
                          command.now())));
    }
    apply(
        new MemberRemovedEvent(conversationId, command.userId(), command.userId(), command.now()));
  }

  private Optional<UUID> successorOf(UUID leaving) {
    Optional<UUID> admin =
        members.entrySet().stream()
            .filter(e -> !e.getKey().equals(leaving) && e.getValue() == MemberRole.ADMIN)
            .map(Map.Entry::getKey)
            .findFirst();
    return admin.isPresent()
        ? admin
        : members.keySet().stream().filter(id -> !id.equals(leaving)).findFirst();
  }

  @CommandHandler
  public void handle(AddMemberCommand command, EncryptionRules encryption) {
    requireGroup(command.actorId());
    requireManager(command.actorId(), "Only owners and admins add members.");
    if (members.containsKey(command.userId())) {
      return; // already a member: adding again changes nothing
    }
    requireNotBanned(command.userId(), "That user is banned from this group; unban them first.");
    requireRoom(encryption);
    apply(
        new MemberAddedEvent(
            conversationId, command.actorId(), command.userId(), MemberRole.MEMBER, command.now()));
  }

  @CommandHandler
  public void handle(RemoveMemberCommand command) {
    requireGroup(command.actorId());
    MemberRole actor = requireManager(command.actorId(), "Only owners and admins remove members.");
    MemberRole target = members.get(command.userId());
    if (target == null) {
      return; // already gone: removing again changes nothing
    }
    if (command.userId().equals(command.actorId())) {
      handle(new LeaveGroupCommand(conversationId, command.userId(), command.now()));
      return;
    }
    if (actor != MemberRole.OWNER && target != MemberRole.MEMBER) {
      throw new DomainException(ErrorCode.FORBIDDEN, "Admins cannot remove the owner or admins.");
    }
    apply(
        new MemberRemovedEvent(conversationId, command.actorId(), command.userId(), command.now()));
  }

  /**
   * Removes the user if they are a member, then bars them from joining or being added. The same
   * rank rules as removal: admins ban members only, nobody bans the owner, nobody bans themself.
   */
  @CommandHandler
  public void handle(BanMemberCommand command) {
    requireGroup(command.actorId());
    MemberRole actor = requireManager(command.actorId(), "Only owners and admins ban users.");
    if (command.userId().equals(command.actorId())) {
      throw new DomainException(ErrorCode.CONFLICT, "You cannot ban yourself; leave instead.");
    }
    MemberRole target = members.get(command.userId());
    if (target == MemberRole.OWNER) {
      throw new DomainException(ErrorCode.FORBIDDEN, "The owner cannot be banned.");
    }
    if (actor != MemberRole.OWNER && target == MemberRole.ADMIN) {
      throw new DomainException(ErrorCode.FORBIDDEN, "Admins cannot ban admins.");
    }
    if (target != null) {
      apply(
          new MemberRemovedEvent(
              conversationId, command.actorId(), command.userId(), command.now()));
    }
    if (!banned.contains(command.userId())) {
      apply(
          new MemberBannedEvent(
              conversationId, command.actorId(), command.userId(), command.now()));
    }
  }

  /** Lifting a ban that is not there changes nothing. */
  @CommandHandler
  public void handle(UnbanMemberCommand command) {
    requireGroup(command.actorId());
    requireManager(command.actorId(), "Only owners and admins lift bans.");
    if (banned.contains(command.userId())) {
      apply(
          new MemberUnbannedEvent(
              conversationId, command.actorId(), command.userId(), command.now()));
    }
  }

  @CommandHandler
  public void handle(ChangeMemberRoleCommand command) {
    requireGroup(command.actorId());
    if (roleOf(command.actorId()) != MemberRole.OWNER) {
      throw new DomainException(ErrorCode.FORBIDDEN, "Only the owner changes roles.");
    }
    MemberRole current = members.get(command.userId());
    if (current == null) {
      throw new DomainException(ErrorCode.NOT_FOUND, "That user is not a member.");
    }
    if (current == command.role()) {
      return;
    }
    if (command.userId().equals(command.actorId())) {
      throw new DomainException(
          ErrorCode.CONFLICT,
          "The owner hands ownership on by giving another member the owner role.");
    }
    apply(
        new MemberRoleChangedEvent(
            conversationId, command.actorId(), command.userId(), command.role(), command.now()));
    if (command.role() == MemberRole.OWNER) {
      apply(
          new MemberRoleChangedEvent(
              conversationId,
              command.actorId(),
              command.actorId(),
              MemberRole.ADMIN,
              command.now()));
    }
  }

  /** An owner or admin makes an invite link; the caller chose the code, expiry and use limit. */
  @CommandHandler
  public void handle(CreateInviteCommand command) {
    requireGroup(command.actorId());
    requireManager(command.actorId(), "Only owners and admins create invite links.");
    if (command.expiresAt() != null && !command.expiresAt().isAfter(command.now())) {
      throw new DomainException(ErrorCode.INVALID_INPUT, "An invite must expire in the future.");
    }
    if (command.maxUses() != null && (command.maxUses() < 1 || command.maxUses() > MAX_MEMBERS)) {
      throw new DomainException(ErrorCode.INVALID_INPUT, "maxUses must be 1 to 10000.");
    }
    if (invites.containsKey(command.code())) {
      throw new DomainException(ErrorCode.CONFLICT, "That invite code exists.");
    }
    long live = invites.values().stream().filter(i -> i.admits(command.now())).count();
    if (live >= MAX_LIVE_INVITES) {
      throw new DomainException(
          ErrorCode.CONFLICT, "A group holds at most 100 usable invite links; revoke some first.");
    }
    apply(
        new InviteCreatedEvent(
            conversationId,
            command.code(),
            command.actorId(),
            command.expiresAt(),
            command.maxUses(),
            command.now()));
  }

  /** Revoking an invite that is not there (or revoked already) changes nothing. */
  @CommandHandler
  public void handle(RevokeInviteCommand command) {
    requireGroup(command.actorId());
    requireManager(command.actorId(), "Only owners and admins revoke invite links.");
    if (invites.containsKey(command.code())) {
      apply(
          new InviteRevokedEvent(conversationId, command.code(), command.actorId(), command.now()));
    }
  }

  /**
   * Joins with an invite link, private groups included. A member already is answered as joined and
   * spends no use; a banned user is refused (403) before the link is looked at; an expired, revoked
   * or used-up link is gone (410).
   */
  @CommandHandler
  public ConversationView handle(JoinByInviteCommand command, EncryptionRules encryption) {
    requireKind(ConversationKind.GROUP);
    if (members.containsKey(command.userId())) {
      return view();
    }
    requireNotBanned(command.userId(), "You are banned from this group.");
    Invite invite = invites.get(command.code());
    if (invite == null || !invite.admits(command.now())) {
      throw new DomainException(
          ErrorCode.INVITE_GONE, "This invite link has expired, was revoked or is used up.");
    }
    requireRoom(encryption);
    MemberRole role = members.isEmpty() ? MemberRole.OWNER : MemberRole.MEMBER;
    apply(new InviteUsedEvent(conversationId, command.code(), command.userId(), command.now()));
    apply(
        new MemberAddedEvent(
            conversationId, command.userId(), command.userId(), role, command.now()));
    return view();
  }

  /**
   * The owner deletes the group. The same owner deleting again is answered as done; anyone else
   * then gets 404 as for an unknown id.
   */
  @CommandHandler
  public void handle(DeleteGroupCommand command) {
    if (deletedBy != null && deletedBy.equals(command.actorId())) {
      return;
    }
    requireGroup(command.actorId());
    MemberRole role = members.get(command.actorId());
    if (role == null) {
      throw new DomainException(ErrorCode.NOT_A_MEMBER, "You are not a member of this group.");
    }
    if (role != MemberRole.OWNER) {
      throw new DomainException(ErrorCode.FORBIDDEN, "Only the owner deletes a group.");
    }
    apply(
        new GroupDeletedEvent(
            conversationId,
            command.actorId(),
            List.copyOf(new TreeSet<>(members.keySet())),
            command.now()));
  }

  /**
   * Assigns the next seq. A client message id seen in the window answers with what the first send
   * got and no body: the caller completes it from its durable message lookup.
   */
  @CommandHandler
  public SentMessage handle(
      SendMessageCommand command, MentionSettings mentionSettings, EncryptionRules encryption) {
    MemberRole senderRole = roleOf(command.senderId());
    RecentSend earlier = recentSends.get(command.clientMessageId());
    if (earlier != null) {
      if (!earlier.senderId().equals(command.senderId())) {
        throw new DomainException(ErrorCode.CONFLICT, "That clientMessageId is already used.");
      }
      return new SentMessage(
          conversationId, earlier.seq(), earlier.messageId(), earlier.senderId(), null, null, null);
    }
    if (encrypted) {
      checkEncrypted(command.body(), command.ciphertext(), command.keySetVersion(), encryption);
      if (!command.attachments().isEmpty()) {
        throw new DomainException(
            ErrorCode.INVALID_INPUT,
            "attachmentIds: files are not supported in encrypted conversations yet.");
      }
    } else {
      checkPlain(command.ciphertext());
      checkContent(command);
    }
    long seq = lastSeq + 1;
    // The server cannot read an encrypted body: clients highlight their own name locally.
    List<UUID> mentions = encrypted ? List.of() : mentionedMembers(command);
    boolean everyone =
        !encrypted
            && command.mentionsEveryoneRequested()
            && kind == ConversationKind.GROUP
            && mentionSettings.mayMentionEveryone(senderRole);
    apply(
        new MessageSentEvent(
            conversationId,
            seq,
            command.messageId(),
            command.senderId(),
            command.clientMessageId(),
            command.body(),
            command.replyToMessageId(),
            command.now(),
            command.attachments(),
            mentions,
            everyone,
            command.ciphertext(),
            command.keySetVersion()));
    return new SentMessage(
        conversationId,
        seq,
        command.messageId(),
        command.senderId(),
        command.body(),
        command.replyToMessageId(),
        command.now(),
        command.attachments(),
        mentions,
        everyone,
        command.ciphertext());
  }

  /**
   * An encrypted message carries no readable body, a well-formed ciphertext, and the version of the
   * key set it was encrypted to, which must be the current one (docs/adr/0186): otherwise a member
   * or device would be left out, and nothing is written.
   */
  private void checkEncrypted(
      String body, String ciphertext, String keySetVersion, EncryptionRules encryption) {
    if (body != null) {
      throw new DomainException(
          ErrorCode.INVALID_INPUT, "body: an encrypted conversation takes a ciphertext, no body.");
    }
    String problem = Ciphertexts.problem(ciphertext);
    if (problem != null) {
      throw new DomainException(ErrorCode.INVALID_INPUT, "ciphertext: " + problem);
    }
    if (keySetVersion == null || keySetVersion.isEmpty()) {
      throw new DomainException(ErrorCode.INVALID_INPUT, "keySetVersion: is required.");
    }
    if (!keySetVersion.equals(encryption.currentVersion(List.copyOf(members.keySet())))) {
      throw new DomainException(
          ErrorCode.KEY_SET_CHANGED,
          "The conversation's keys changed: fetch them again, re-encrypt and resend.");
    }
  }

  private static void checkPlain(String ciphertext) {
    if (ciphertext != null) {
      throw new DomainException(
          ErrorCode.INVALID_INPUT, "ciphertext: only encrypted conversations take a ciphertext.");
    }
  }

  /**
   * The named users who are members, in the body's order, without duplicates or the sender: a
   * non-member or unknown name is just text (docs/adr/0153).
   */
  private List<UUID> mentionedMembers(SendMessageCommand command) {
    List<UUID> mentioned = new ArrayList<>();
    for (UUID candidate : command.mentionCandidates()) {
      if (members.containsKey(candidate)
          && !candidate.equals(command.senderId())
          && !mentioned.contains(candidate)) {
        mentioned.add(candidate);
      }
    }
    return mentioned;
  }

  /** A member chooses a level; the current one changes nothing; non-members are refused. */
  @CommandHandler
  public void handle(SetNotificationLevelCommand command) {
    roleOf(command.userId());
    if (command.level() == null) {
      throw new DomainException(ErrorCode.INVALID_INPUT, "A notification level is required.");
    }
    if (levels.getOrDefault(command.userId(), NotificationLevel.ALL) != command.level()) {
      apply(
          new NotificationLevelChangedEvent(
              conversationId, command.userId(), command.level(), command.now()));
    }
  }

  /** A message says something: text, files, or both; at most ten distinct files (ADR 0140). */
  private static void checkContent(SendMessageCommand command) {
    List<Attachment> attachments = command.attachments();
    boolean noText = command.body() == null || command.body().isBlank();
    if (noText && attachments.isEmpty()) {
      throw new DomainException(ErrorCode.INVALID_INPUT, "A message needs a body or a file.");
    }
    if (attachments.size() > MAX_ATTACHMENTS
        || attachments.stream().map(Attachment::attachmentId).distinct().count()
            != attachments.size()) {
      throw new DomainException(
          ErrorCode.INVALID_INPUT, "A message carries at most 10 distinct files.");
    }
  }

  /** An owner or admin sets or clears a group's picture; setting the same one changes nothing. */
  @CommandHandler
  public ConversationView handle(ChangeGroupPictureCommand command) {
    requireGroup(command.actorId());
    requireManager(command.actorId(), "Only owners and admins change a group's picture.");
    Attachment picture = command.picture();
    if (picture != null && !picture.image()) {
      throw new DomainException(ErrorCode.NOT_AN_IMAGE, "A group picture is an image.");
    }
    UUID newId = picture == null ? null : picture.attachmentId();
    if (!Objects.equals(newId, pictureId)) {
      apply(
          new GroupPictureChangedEvent(conversationId, command.actorId(), picture, command.now()));
    }
    return view();
  }

  @CommandHandler
  public void handle(EditMessageCommand command, EncryptionRules encryption) {
    roleOf(command.editorId());
    if (!command.editorId().equals(command.authorId())) {
      throw new DomainException(ErrorCode.FORBIDDEN, "Only the author edits a message.");
    }
    if (encrypted) {
      checkEncrypted(command.body(), command.ciphertext(), command.keySetVersion(), encryption);
    } else {
      checkPlain(command.ciphertext());
    }
    apply(
        new MessageEditedEvent(
            conversationId,
            command.seq(),
            command.messageId(),
            command.editorId(),
            command.body(),
            command.now(),
            command.ciphertext(),
            command.keySetVersion()));
  }

  @CommandHandler
  public void handle(DeleteMessageCommand command) {
    MemberRole role = roleOf(command.actorId());
    boolean moderator = kind == ConversationKind.GROUP && role.canManageMembers();
    if (!command.actorId().equals(command.authorId()) && !moderator) {
      throw new DomainException(
          ErrorCode.FORBIDDEN, "Only the author or a group owner or admin deletes a message.");
    }
    apply(
        new MessageDeletedEvent(
            conversationId, command.seq(), command.messageId(), command.actorId(), command.now()));
  }

  @CommandHandler
  public void handle(AddReactionCommand command) {
    roleOf(command.userId());
    apply(
        new ReactionAddedEvent(
            conversationId,
            command.seq(),
            command.messageId(),
            command.userId(),
            command.emoji(),
            command.now()));
  }

  @CommandHandler
  public void handle(RemoveReactionCommand command) {
    roleOf(command.userId());
    apply(
        new ReactionRemovedEvent(
            conversationId,
            command.seq(),
            command.messageId(),
            command.userId(),
            command.emoji(),
            command.now()));
  }

  private ConversationView view() {
    return new ConversationView(
        conversationId,
        kind.wire(),
        name,
        topic,
        visibility.wire(),
        members.size(),
        createdAt,
        lastSeq,
        pictureId,
        encrypted);
  }

  private void requireKind(ConversationKind expected) {
    if (kind != expected || deletedBy != null) {
      throw new DomainException(ErrorCode.NOT_FOUND, "No such group.");
    }
  }

  /** A group the caller may see: a private one is invisible to non-members. */
  private void requireGroup(UUID callerId) {
    requireKind(ConversationKind.GROUP);
    if (visibility == Visibility.PRIVATE && !members.containsKey(callerId)) {
      throw notFound();
    }
  }

  private MemberRole requireManager(UUID actorId, String refusal) {
    MemberRole role = members.get(actorId);
    if (role == null) {
      throw new DomainException(ErrorCode.NOT_A_MEMBER, "You are not a member of this group.");
    }
    if (!role.canManageMembers()) {
      throw new DomainException(ErrorCode.FORBIDDEN, refusal);
    }
    return role;
  }

  private void requireNotBanned(UUID userId, String refusal) {
    if (banned.contains(userId)) {
      throw new DomainException(ErrorCode.FORBIDDEN, refusal);
    }
  }

  private void requireRoom(EncryptionRules encryption) {
    if (members.size() >= MAX_MEMBERS) {
      throw new DomainException(ErrorCode.CONFLICT, "The group is full.");
    }
    if (encrypted && members.size() >= encryption.maxMembers()) {
      throw tooManyMembers(encryption);
    }
  }

  private static DomainException tooManyMembers(EncryptionRules encryption) {
    return new DomainException(
        ErrorCode.TOO_MANY_MEMBERS,
        "An encrypted conversation holds at most " + encryption.maxMembers() + " members.");
  }

  /** The caller's role; a non-member of a private conversation learns nothing, not even that. */
  private MemberRole roleOf(UUID userId) {
    if (deletedBy != null) {
      throw notFound();
    }
    MemberRole role = members.get(userId);
    if (role == null) {
      throw visibility == Visibility.PUBLIC
          ? new DomainException(ErrorCode.NOT_A_MEMBER, "You are not a member of this group.")
          : notFound();
    }
    return role;
  }

  private static DomainException notFound() {
    return new DomainException(ErrorCode.NOT_FOUND, "No such conversation.");
  }

  @EventSourcingHandler
  void on(GroupCreatedEvent event) {
    conversationId = event.conversationId();
    kind = ConversationKind.GROUP;
    name = event.name();
    topic = event.topic();
    visibility = event.visibility();
    encrypted = event.encrypted();
    createdAt = event.createdAt();
  }

  @EventSourcingHandler
  void on(DirectConversationOpenedEvent event) {
    conversationId = event.conversationId();
    kind = ConversationKind.DIRECT;
    visibility = Visibility.PRIVATE;
    encrypted = event.encrypted();
    createdAt = event.openedAt();
  }

  @EventSourcingHandler
  void on(GroupUpdatedEvent event) {
    name = event.name();
    topic = event.topic();
    visibility = event.visibility();
  }

  @EventSourcingHandler
  void on(MemberAddedEvent event) {
    members.put(event.userId(), event.role());
  }

  @EventSourcingHandler
  void on(MemberRemovedEvent event) {
    members.remove(event.userId());
    levels.remove(event.userId());
  }

  @EventSourcingHandler
  void on(NotificationLevelChangedEvent event) {
    if (event.level() == NotificationLevel.ALL) {
      levels.remove(event.userId());
    } else {
      levels.put(event.userId(), event.level());
    }
  }

  @EventSourcingHandler
  void on(MemberBannedEvent event) {
    banned.add(event.userId());
  }

  @EventSourcingHandler
  void on(MemberUnbannedEvent event) {
    banned.remove(event.userId());
  }

  @EventSourcingHandler
  void on(MemberRoleChangedEvent event) {
    members.put(event.userId(), event.role());
  }

  @EventSourcingHandler
  void on(GroupPictureChangedEvent event) {
    pictureId = event.picture() == null ? null : event.picture().attachmentId();
  }

  @EventSourcingHandler
  void on(InviteCreatedEvent event) {
    invites.put(event.code(), new Invite(event.expiresAt(), event.maxUses(), 0));
  }

  /** A revoked code is forgotten: to the aggregate it is the same as one that never admits. */
  @EventSourcingHandler
  void on(InviteRevokedEvent event) {
    invites.remove(event.code());
  }

  @EventSourcingHandler
  void on(InviteUsedEvent event) {
    invites.computeIfPresent(
        event.code(), (code, i) -> new Invite(i.expiresAt(), i.maxUses(), i.uses() + 1));
  }

  @EventSourcingHandler
  void on(GroupDeletedEvent event) {
    deletedBy = event.actorId();
    invites.clear();
  }

  @EventSourcingHandler
  void on(MessageSentEvent event) {
    lastSeq = event.seq();
    recentSends.put(
        event.clientMessageId(), new RecentSend(event.seq(), event.messageId(), event.senderId()));
    Iterator<UUID> oldest = recentSends.keySet().iterator();
    while (recentSends.size() > CLIENT_ID_WINDOW) {
      oldest.next();
      oldest.remove();
    }
  }
}
