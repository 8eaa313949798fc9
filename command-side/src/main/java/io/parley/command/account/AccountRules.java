package io.parley.command.account;

import java.text.Normalizer;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The limits of API.md for accounts, shared by the web layer and the aggregate's guards. Names are
 * taken in their NFKC form ({@link #normalize}) and then must not hide or reorder characters: see
 * docs/adr/0092.
 */
final class AccountRules {
  static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.\\-]{3,32}");
  static final int DISPLAY_NAME_MAX = 64;
  static final int PASSWORD_MIN = 8;
  static final int PASSWORD_MAX = 128;
  static final int DEVICE_NAME_MAX = 100;

  /** More combining marks than this on one character is "Zalgo" text drawn over its neighbours. */
  static final int MARKS_PER_CHARACTER_MAX = 4;

  private static final int ZERO_WIDTH_JOINER = 0x200D;
  private static final int EMOJI_PRESENTATION = 0xFE0F;

  /** Letters, marks and symbols that draw nothing, beyond the format characters (Cf). */
  private static final Set<Integer> INVISIBLE =
      Set.of(
          0x034F, // combining grapheme joiner
          0x115F, 0x1160, 0x3164, 0xFFA0, // Hangul fillers
          0x17B4, 0x17B5, // Khmer inherent vowels
          0x180B, 0x180C, 0x180D, 0x180F, // Mongolian variation selectors
          0x2800, // Braille pattern blank
          0xFFFC); // object replacement

  private AccountRules() {}

  /** The form names are checked and stored in: NFKC, so look-alike compatibility forms fold. */
  static String normalize(String text) {
    return text == null ? null : Normalizer.normalize(text, Normalizer.Form.NFKC);
  }

  /** ASCII letters, digits, _ . and -; unique case-insensitively, compared folded. */
  static boolean validUsername(String username) {
    return username != null && USERNAME.matcher(username).matches();
  }

  /** 1 to 64 code points in NFKC form, something visible, nothing hidden (see {@link #visible}). */
  static boolean validDisplayName(String name) {
    if (name == null || name.isBlank() || !Normalizer.isNormalized(name, Normalizer.Form.NFKC)) {
      return false;
    }
    return name.codePointCount(0, name.length()) <= DISPLAY_NAME_MAX && visible(name);
  }

  static boolean validDeviceName(String name) {
    return name == null
        || (name.codePointCount(0, name.length()) <= DEVICE_NAME_MAX
            && name.codePoints().noneMatch(Character::isISOControl));
  }

  /**
   * No control, format (bidi overrides and isolates, zero-width characters, soft hyphen, tags),
   * private-use, unassigned or lone surrogate code points, no separator but the plain space, no
   * invisible letters, and at most {@link #MARKS_PER_CHARACTER_MAX} combining marks on a character.
   * The one format character kept is the zero-width joiner inside an emoji sequence (👩‍💻).
   */
  static boolean visible(String text) {
    int[] points = text.codePoints().toArray();
    int marks = 0;
    for (int i = 0; i < points.length; i++) {
      int point = points[i];
      if (point == ZERO_WIDTH_JOINER) {
        if (i == 0 || i == points.length - 1 || !emoji(points[i - 1]) || !emoji(points[i + 1])) {
          return false;
        }
        marks = 0;
        continue;
      }
      int type = Character.getType(point);
      if (INVISIBLE.contains(point)
          || hidden(type)
          || (type == Character.SPACE_SEPARATOR && point != ' ')) {
        return false;
      }
      if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK) {
        if (i == 0 || ++marks > MARKS_PER_CHARACTER_MAX) {
          return false;
        }
      } else {
        marks = 0;
      }
    }
    return true;
  }

  private static boolean hidden(int type) {
    return type == Character.CONTROL
        || type == Character.FORMAT
        || type == Character.PRIVATE_USE
        || type == Character.SURROGATE
        || type == Character.UNASSIGNED
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }

  /** What may stand on either side of a joiner in an emoji sequence. */
  private static boolean emoji(int point) {
    int type = Character.getType(point);
    return type == Character.OTHER_SYMBOL
        || type == Character.MODIFIER_SYMBOL
        || point == EMOJI_PRESENTATION;
  }
}
