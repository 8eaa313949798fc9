package io.parley.command.conversation;

import io.parley.command.e2ee.RecipientKeys;
import io.parley.events.e2ee.KeySetVersion;
import java.util.Collection;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * What the Conversation needs to know about end-to-end encryption (docs/adr/0185, 0186): how many
 * members an encrypted conversation may hold ({@code parley.e2ee.max-members}, 32) and the current
 * key set version of a set of members. Injected into the Conversation's handlers.
 */
@Component
public class EncryptionRules {
  public static final int DEFAULT_MAX_MEMBERS = 32;

  private final int maxMembers;
  private final RecipientKeys recipientKeys;

  public EncryptionRules(int maxMembers, RecipientKeys recipientKeys) {
    if (maxMembers < 2) {
      throw new IllegalArgumentException("parley.e2ee.max-members must be at least 2");
    }
    this.maxMembers = maxMembers;
    this.recipientKeys = recipientKeys;
  }

  @Autowired
  EncryptionRules(
      @Value("${parley.e2ee.max-members:" + DEFAULT_MAX_MEMBERS + "}") int maxMembers,
      ObjectProvider<RecipientKeys> recipientKeys) {
    // Without a key directory in this process no member has keys: the version of the empty set.
    this(
        maxMembers,
        members ->
            recipientKeys.getIfAvailable(() -> m -> KeySetVersion.EMPTY).currentVersion(members));
  }

  /** The limit, and every member's keys answering with one fixed version. */
  public static EncryptionRules of(int maxMembers, String keySetVersion) {
    return new EncryptionRules(maxMembers, members -> keySetVersion);
  }

  public static EncryptionRules defaults() {
    return of(DEFAULT_MAX_MEMBERS, KeySetVersion.EMPTY);
  }

  public int maxMembers() {
    return maxMembers;
  }

  String currentVersion(Collection<UUID> memberIds) {
    return recipientKeys.currentVersion(memberIds);
  }
}
