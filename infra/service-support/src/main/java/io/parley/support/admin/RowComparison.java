package io.parley.support.admin;

import io.parley.support.admin.ReadModelVerifier.Difference;
import io.parley.support.admin.ReadModelVerifier.Report;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.function.Predicate;

/**
 * Compares the rows a read model should hold (folded from the log) with the rows it holds, as
 * canonical lines keyed and sorted alike, and builds the {@link Report}: how many rows were
 * checked, a SHA-256 digest of each side and the first {@value #MAX_DIFFERENCES} differences.
 */
public final class RowComparison {
  static final int MAX_DIFFERENCES = 200;
  static final String NO_ROW = "(no row)";
  static final String ABSENT_FROM_LOG = "(absent from log)";

  private final String processor;
  private final MessageDigest expectedDigest = sha256();
  private final MessageDigest actualDigest = sha256();
  private final List<Difference> differences = new ArrayList<>();
  private long checked;
  private boolean truncated;

  public RowComparison(String processor) {
    this.processor = processor;
  }

  /** Every row of {@code table}; a difference names it as {@code "<table> <key>"}. */
  public <K extends Comparable<? super K>> RowComparison table(
      String table, SortedMap<K, String> expected, SortedMap<K, String> actual) {
    return table(table, expected, actual, key -> true);
  }

  /** The rows of {@code table} whose key passes {@code compared}; the others are skipped. */
  public <K extends Comparable<? super K>> RowComparison table(
      String table,
      SortedMap<K, String> expected,
      SortedMap<K, String> actual,
      Predicate<? super K> compared) {
    Iterator<Map.Entry<K, String>> wanted = expected.entrySet().iterator();
    Iterator<Map.Entry<K, String>> held = actual.entrySet().iterator();
    Map.Entry<K, String> want = next(wanted);
    Map.Entry<K, String> have = next(held);
    while (want != null || have != null) {
      int order = want == null ? 1 : have == null ? -1 : want.getKey().compareTo(have.getKey());
      K key = order <= 0 ? want.getKey() : have.getKey();
      if (compared.test(key)) {
        row(
            table + " " + key,
            order <= 0 ? want.getValue() : null,
            order >= 0 ? have.getValue() : null);
      }
      if (order <= 0) {
        want = next(wanted);
      }
      if (order >= 0) {
        have = next(held);
      }
    }
    return this;
  }

  /** One row: its canonical line as the log implies it and as stored, null where there is none. */
  public RowComparison row(String where, String expected, String actual) {
    checked++;
    if (expected != null) {
      expectedDigest.update((where + "=" + expected + "\n").getBytes(StandardCharsets.UTF_8));
    }
    if (actual != null) {
      actualDigest.update((where + "=" + actual + "\n").getBytes(StandardCharsets.UTF_8));
    }
    if (!Objects.equals(expected, actual)) {
      difference(
          where, expected == null ? ABSENT_FROM_LOG : expected, actual == null ? NO_ROW : actual);
    }
    return this;
  }

  /**
   * A rule the read model must keep within itself (a maintained count against the rows it counts):
   * reported like a row, but not part of either digest, since neither side comes from the log.
   */
  public RowComparison invariant(String where, String expected, String actual) {
    checked++;
    if (!Objects.equals(expected, actual)) {
      difference(where, expected, actual);
    }
    return this;
  }

  private void difference(String where, String expected, String actual) {
    if (differences.size() < MAX_DIFFERENCES) {
      differences.add(new Difference(where, expected, actual));
    } else {
      truncated = true;
    }
  }

  public Report report() {
    return new Report(
        processor,
        checked,
        HexFormat.of().formatHex(expectedDigest.digest()),
        HexFormat.of().formatHex(actualDigest.digest()),
        List.copyOf(differences),
        truncated);
  }

  /**
   * An instant as a Postgres {@code TIMESTAMPTZ} holds it: microseconds, rounded half up as the
   * JDBC driver rounds a value with nanoseconds when it writes it (events carry nanoseconds).
   */
  public static Instant micros(Instant instant) {
    return instant == null ? null : instant.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
  }

  /**
   * A Postgres row's canonical line: its values joined by {@code |}, instants at the {@link #micros
   * microseconds} a {@code TIMESTAMPTZ} holds, so the log's side and the table's agree.
   */
  public static String line(Object... values) {
    StringJoiner line = new StringJoiner("|");
    for (Object value : values) {
      line.add(String.valueOf(value instanceof Instant instant ? micros(instant) : value));
    }
    return line.toString();
  }

  /** A {@code TIMESTAMPTZ} column as an instant, or null. */
  public static Instant instant(ResultSet row, String column) throws SQLException {
    OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private static <E> E next(Iterator<E> entries) {
    return entries.hasNext() ? entries.next() : null;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
