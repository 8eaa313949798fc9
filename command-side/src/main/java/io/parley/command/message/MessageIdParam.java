package io.parley.command.message;

import io.parley.support.web.Validator;

/** Message ids travel as decimal strings (JS numbers lose 64-bit precision). */
final class MessageIdParam {
  private MessageIdParam() {}

  static Long parse(Validator v, String value, String field) {
    if (value != null && value.length() <= 19 && value.chars().allMatch(Character::isDigit)) {
      try {
        return Long.parseLong(value);
      } catch (NumberFormatException e) {
        // falls through to the field error: too large for a message id
      }
    }
    v.require(false, field, "must be a message id");
    return null;
  }
}
