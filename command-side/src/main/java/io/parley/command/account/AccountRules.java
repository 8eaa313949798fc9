package io.parley.command.account;

import java.util.regex.Pattern;

/** The limits of API.md for accounts, shared by the web layer and the aggregate's guards. */
final class AccountRules {
  static final Pattern USERNAME = Pattern.compile("[a-z0-9_.\\-]{3,32}");
  static final int DISPLAY_NAME_MAX = 64;
  static final int PASSWORD_MIN = 8;
  static final int PASSWORD_MAX = 128;
  static final int DEVICE_NAME_MAX = 100;

  private AccountRules() {}

  /** Usernames are unique case-insensitively, so upper case is accepted and compared folded. */
  static boolean validUsername(String username) {
    return username != null
        && USERNAME.matcher(username.toLowerCase(java.util.Locale.ROOT)).matches();
  }

  /** 1 to 64 code points, not only whitespace, no control characters. */
  static boolean validDisplayName(String name) {
    if (name == null || name.isBlank()) {
      return false;
    }
    int length = name.codePointCount(0, name.length());
    return length <= DISPLAY_NAME_MAX && name.codePoints().noneMatch(Character::isISOControl);
  }

  static boolean validDeviceName(String name) {
    return name == null
        || (name.codePointCount(0, name.length()) <= DEVICE_NAME_MAX
            && name.codePoints().noneMatch(Character::isISOControl));
  }
}
