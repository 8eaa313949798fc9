package io.parley.support.files;

import java.util.regex.Pattern;

/**
 * The keys a {@link FileStore} accepts: relative, {@code /}-separated names of letters, digits,
 * {@code .}, {@code _} and {@code -}, with no empty, {@code .} or {@code ..} segment. Checked by
 * every implementation, so no key can leave the store's directory or bucket prefix.
 */
final class StoreKeys {
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]{1,128}");
  private static final int MAX_LENGTH = 512;

  private StoreKeys() {}

  static String check(String key) {
    if (key == null || key.isEmpty() || key.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("not a file key: " + key);
    }
    for (String segment : key.split("/", -1)) {
      if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("not a file key: " + key);
      }
    }
    return key;
  }

  static void checkRange(long offset, long length) {
    if (offset < 0 || length < -1) {
      throw new IllegalArgumentException("bad range: offset " + offset + ", length " + length);
    }
  }
}
