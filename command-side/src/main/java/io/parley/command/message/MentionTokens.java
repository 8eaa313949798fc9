package io.parley.command.message;

import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code @name} tokens of a message body (docs/adr/0153). The body is read in its NFKC form, as
 * usernames are, so a fullwidth {@code ＠ａｌｉｃｅ} names {@code alice}. A token starts at an {@code @}
 * that does not follow a username character (so {@code bob@example.org} names no one) and ends at
 * the first character a username cannot hold; names compare case-insensitively. A token that ends
 * in dots ("thanks @bob.") also offers the name without them. {@code @here} and {@code @everyone}
 * are the whole conversation, not names.
 */
public record MentionTokens(List<String> names, boolean everyone) {
  /** Names looked up per message; the rest of a longer list stays plain text. */
  public static final int MAX_NAMES = 100;

  private static final int USERNAME_MIN = 3;
  private static final int USERNAME_MAX = 32;

  public static MentionTokens of(String body) {
    if (body == null || body.indexOf('@') < 0 && body.indexOf('\uFF20') < 0) {
      return new MentionTokens(List.of(), false);
    }
    String text = Normalizer.normalize(body, Normalizer.Form.NFKC);
    Set<String> names = new LinkedHashSet<>();
    boolean everyone = false;
    int i = 0;
    while (i < text.length()) {
      int at = text.indexOf('@', i);
      if (at < 0) {
        break;
      }
      int end = at + 1;
      while (end < text.length() && usernameChar(text.charAt(end))) {
        end++;
      }
      i = Math.max(end, at + 1);
      if (at > 0 && usernameChar(text.charAt(at - 1))) {
        continue;
      }
      String token = text.substring(at + 1, end).toLowerCase(Locale.ROOT);
      if (token.equals("here") || token.equals("everyone")) {
        everyone = true;
        continue;
      }
      if (names.size() < MAX_NAMES) {
        addName(names, token);
        String trimmed = token.replaceAll("\\.+$", "");
        if (!trimmed.equals(token)) {
          if (trimmed.equals("here") || trimmed.equals("everyone")) {
            everyone = true;
          } else {
            addName(names, trimmed);
          }
        }
      }
    }
    return new MentionTokens(List.copyOf(names), everyone);
  }

  private static void addName(Set<String> names, String name) {
    if (name.length() >= USERNAME_MIN && name.length() <= USERNAME_MAX) {
      names.add(name);
    }
  }

  /** The characters of docs/api.md's username rule: {@code a-z 0-9 _ . -}, any case. */
  static boolean usernameChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '.'
        || c == '-';
  }

  public boolean none() {
    return names.isEmpty() && !everyone;
  }
}
