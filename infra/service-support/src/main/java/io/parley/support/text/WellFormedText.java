package io.parley.support.text;

/**
 * What every stored text must be (docs/adr/0080): well-formed UTF-16 (no lone surrogate, which no
 * UTF-8 encoder can write) and no U+0000 (which Postgres refuses in {@code text}). The edge refuses
 * other text; the read side repairs what the log already holds.
 */
public final class WellFormedText {
  /** U+FFFD, what a repaired code unit becomes. */
  public static final char REPLACEMENT = '\uFFFD';

  private WellFormedText() {}

  public static boolean isWellFormed(CharSequence text) {
    return firstFault(text) < 0;
  }

  /** {@code text} with each lone surrogate and each U+0000 replaced by U+FFFD; itself if none. */
  public static String repaired(String text) {
    int fault = firstFault(text);
    if (fault < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    out.append(text, 0, fault);
    for (int i = fault; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        out.append(c).append(text.charAt(++i));
      } else if (Character.isSurrogate(c) || c == '\0') {
        out.append(REPLACEMENT);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static int firstFault(CharSequence text) {
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c == '\0') {
        return i;
      }
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < length
            && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      }
    }
    return -1;
  }
}
