package io.parley.command.upload;

import io.parley.support.text.WellFormedText;
import io.parley.support.web.Validator;

/**
 * A file's name as given with an upload: well-formed text without control or bidi-override
 * characters (a name must read as it is), reduced to its last path component ({@code /} or {@code
 * \}), 1–255 code points.
 */
final class FileNames {
  static final int MAX = 255;

  private FileNames() {}

  /** The name to keep, or null after recording why it is refused. */
  static String check(String raw, Validator v) {
    if (raw == null || raw.isEmpty()) {
      v.require(false, "name", "is required");
      return null;
    }
    if (!WellFormedText.isWellFormed(raw)) {
      v.require(false, "name", "must be well-formed text");
      return null;
    }
    boolean clean = raw.codePoints().noneMatch(FileNames::forbidden);
    v.require(clean, "name", "must not contain control characters");
    if (!clean) {
      return null;
    }
    String name = raw.substring(Math.max(raw.lastIndexOf('/'), raw.lastIndexOf('\\')) + 1);
    int length = name.codePointCount(0, name.length());
    boolean valid =
        length >= 1 && length <= MAX && !name.isBlank() && !name.equals(".") && !name.equals("..");
    v.require(valid, "name", "must be 1 to " + MAX + " characters after its last / or \\");
    return valid ? name : null;
  }

  private static boolean forbidden(int c) {
    return Character.getType(c) == Character.CONTROL
        || (c >= 0x202A && c <= 0x202E)
        || (c >= 0x2066 && c <= 0x2069)
        || c == 0x200E
        || c == 0x200F
        || c == 0x061C;
  }
}
