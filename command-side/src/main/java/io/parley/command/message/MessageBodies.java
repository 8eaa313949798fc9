package io.parley.command.message;

import io.parley.support.web.Validator;

/**
 * The message body rules: 1 to 4000 code points, not only white space, no control characters; empty
 * is allowed when the message carries files.
 */
final class MessageBodies {
  static final int MAX_CODE_POINTS = 4000;

  private MessageBodies() {}

  /**
   * With {@code withFiles} the body may be empty (a photo needs no caption, ADR 0140); text it does
   * have follows the same rules.
   */
  static void check(Validator v, String body, boolean withFiles) {
    if (body == null) {
      v.require(false, "body", "is required");
      return;
    }
    if (withFiles && body.isEmpty()) {
      return;
    }
    if (!v.text(body, "body", 1, MAX_CODE_POINTS)) {
      return;
    }
    v.require(
        !body.isBlank() && !body.codePoints().allMatch(MessageBodies::isSpace),
        "body",
        withFiles ? "must be empty or more than white space" : "must not be only white space");
    v.require(
        body.codePoints()
            .noneMatch(
                cp -> Character.getType(cp) == Character.CONTROL && cp != '\n' && cp != '\t'),
        "body",
        "must not contain control characters other than newline and tab");
  }

  private static boolean isSpace(int cp) {
    return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
  }
}
