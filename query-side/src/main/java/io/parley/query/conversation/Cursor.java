package io.parley.query.conversation;

import io.parley.support.text.WellFormedText;
import io.parley.support.web.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque keyset cursors: the sort key of the last item of a page, base64url-encoded so clients
 * treat them as tokens. A cursor that does not decode to the expected parts is bad input (400).
 */
public final class Cursor {
  private static final String SEPARATOR = "\n";

  private Cursor() {}

  public static String encode(Object... parts) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        text.append(SEPARATOR);
      }
      text.append(parts[i]);
    }
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The {@code parts} parts of {@code cursor}; the last part may itself hold separators. */
  public static String[] decode(String cursor, int parts) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      String[] split = text.split(SEPARATOR, parts);
      if (split.length != parts || !WellFormedText.isWellFormed(text)) {
        throw invalid();
      }
      return split;
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
  }

  public static InvalidInputException invalid() {
    return InvalidInputException.of("cursor", "is not a cursor this endpoint issued");
  }

  /** Parses one part of a decoded cursor, turning any malformed value into a 400. */
  public static <T> T part(String value, java.util.function.Function<String, T> parser) {
    try {
      return parser.apply(value);
    } catch (RuntimeException e) {
      throw invalid();
    }
  }

  /** Postgres keeps microseconds: a cursor holds exactly what the row holds. */
  public static long micros(java.time.Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }

  public static java.time.Instant instantOfMicros(long micros) {
    return java.time.Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }
}
