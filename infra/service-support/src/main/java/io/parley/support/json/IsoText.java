package io.parley.support.json;

import java.time.Instant;
import java.util.UUID;

/**
 * The text of a {@link UUID} and of an {@link Instant} as {@link UUID#toString()} and {@link
 * Instant#toString()} (ISO-8601, {@code DateTimeFormatter.ISO_INSTANT}) write it, into a caller's
 * buffer without the formatter's machinery.
 */
final class IsoText {
  /** Room for the longest text either method writes. */
  static final int INSTANT_MAX = 36;

  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final long SECONDS_PER_DAY = 86_400;

  /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z in epoch seconds. */
  private static final long MIN_SECOND = -62_167_219_200L;

  private static final long MAX_SECOND_EXCLUSIVE = 253_402_300_800L;

  private IsoText() {}

  /** Writes the 36 characters of {@code value}; returns 36. */
  static int uuid(UUID value, char[] out) {
    long msb = value.getMostSignificantBits();
    long lsb = value.getLeastSignificantBits();
    hex(msb >>> 32, 8, out, 0);
    out[8] = '-';
    hex(msb >>> 16, 4, out, 9);
    out[13] = '-';
    hex(msb, 4, out, 14);
    out[18] = '-';
    hex(lsb >>> 48, 4, out, 19);
    out[23] = '-';
    hex(lsb, 12, out, 24);
    return 36;
  }

  private static void hex(long bits, int digits, char[] out, int at) {
    for (int i = digits - 1; i >= 0; i--) {
      out[at + i] = HEX[(int) (bits & 0xf)];
      bits >>>= 4;
    }
  }

  /**
   * Writes {@code value} as {@code yyyy-MM-ddTHH:mm:ss[.fff[fff[fff]]]Z}, the fraction in groups of
   * three digits as needed; returns the length, or -1 outside the years 0000 to 9999 (which the JDK
   * writes with a sign or more digits).
   */
  static int instant(Instant value, char[] out) {
    long seconds = value.getEpochSecond();
    if (seconds < MIN_SECOND || seconds >= MAX_SECOND_EXCLUSIVE) {
      return -1;
    }
    long days = Math.floorDiv(seconds, SECONDS_PER_DAY);
    int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
    // Days to a civil date (proleptic Gregorian), the era-based method for 400-year cycles.
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long dayOfEra = z - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long mp = (5 * dayOfYear + 2) / 153;
    int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
    digits(year, 4, out, 0);
    out[4] = '-';
    digits(month, 2, out, 5);
    out[7] = '-';
    digits(day, 2, out, 8);
    out[10] = 'T';
    digits(secondOfDay / 3600, 2, out, 11);
    out[13] = ':';
    digits(secondOfDay / 60 % 60, 2, out, 14);
    out[16] = ':';
    digits(secondOfDay % 60, 2, out, 17);
    int at = 19;
    int nano = value.getNano();
    if (nano != 0) {
      out[at++] = '.';
      if (nano % 1_000_000 == 0) {
        digits(nano / 1_000_000, 3, out, at);
        at += 3;
      } else if (nano % 1000 == 0) {
        digits(nano / 1000, 6, out, at);
        at += 6;
      } else {
        digits(nano, 9, out, at);
        at += 9;
      }
    }
    out[at++] = 'Z';
    return at;
  }

  private static void digits(int value, int count, char[] out, int at) {
    for (int i = at + count - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
