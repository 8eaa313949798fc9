package io.parley.query.files;

import java.util.Optional;

/**
 * One satisfiable byte range of a {@code Range} header (RFC 9110 §14): {@code bytes=a-b}, {@code
 * bytes=a-} or {@code bytes=-n}. Several ranges, or another unit, are not served as ranges (the
 * whole file is, which the RFC allows); a malformed or unsatisfiable byte range is refused with
 * 416.
 */
record ByteRange(long first, long last) {

  /** Thrown for a bytes range that cannot be served from a file of this size. */
  static final class Unsatisfiable extends RuntimeException {
    Unsatisfiable() {
      super(null, null, false, false);
    }
  }

  long length() {
    return last - first + 1;
  }

  /** The range to serve, empty for the whole file. */
  static Optional<ByteRange> parse(String header, long size) {
    if (header == null) {
      return Optional.empty();
    }
    String value = header.strip();
    if (!value.regionMatches(true, 0, "bytes=", 0, 6)) {
      return Optional.empty();
    }
    String spec = value.substring(6).strip();
    if (spec.contains(",")) {
      return Optional.empty();
    }
    int dash = spec.indexOf('-');
    if (dash < 0) {
      throw new Unsatisfiable();
    }
    String from = spec.substring(0, dash).strip();
    String to = spec.substring(dash + 1).strip();
    try {
      if (from.isEmpty()) {
        long suffix = digits(to);
        if (suffix == 0 || size == 0) {
          throw new Unsatisfiable();
        }
        return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
      }
      long first = digits(from);
      long last = to.isEmpty() ? size - 1 : Math.min(digits(to), size - 1);
      if (first >= size || (!to.isEmpty() && digits(to) < first)) {
        throw new Unsatisfiable();
      }
      return Optional.of(new ByteRange(first, last));
    } catch (NumberFormatException e) {
      throw new Unsatisfiable();
    }
  }

  private static long digits(String text) {
    if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new NumberFormatException(text);
    }
    return Long.parseLong(text);
  }
}
