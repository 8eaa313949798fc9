package io.parley.command.conversation;

import io.parley.events.conversation.MemberRole;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Who may notify a whole group with {@code @here}/{@code @everyone} (docs/adr/0153), set by {@code
 * parley.mentions.everyone}: {@code managers} (owners and admins, the default), {@code members}
 * (anyone in the group) or {@code nobody}. From anyone else the words are plain text. Injected into
 * the Conversation's send handler.
 */
@Component
public class MentionSettings {
  public enum EveryoneMentions {
    MANAGERS,
    MEMBERS,
    NOBODY
  }

  private final EveryoneMentions everyone;

  public MentionSettings(EveryoneMentions everyone) {
    this.everyone = everyone;
  }

  @org.springframework.beans.factory.annotation.Autowired
  MentionSettings(@Value("${parley.mentions.everyone:managers}") String everyone) {
    this(parse(everyone));
  }

  private static EveryoneMentions parse(String value) {
    try {
      return EveryoneMentions.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "parley.mentions.everyone must be managers, members or nobody, not " + value, e);
    }
  }

  public static MentionSettings defaults() {
    return new MentionSettings(EveryoneMentions.MANAGERS);
  }

  boolean mayMentionEveryone(MemberRole role) {
    return switch (everyone) {
      case MANAGERS -> role.canManageMembers();
      case MEMBERS -> true;
      case NOBODY -> false;
    };
  }
}
