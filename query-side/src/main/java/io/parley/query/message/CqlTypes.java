package io.parley.query.message;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.type.codec.TypeCodec;
import com.datastax.oss.driver.api.core.type.codec.TypeCodecs;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads the timeline's columns with their codecs named, not looked up. The driver's typed getters
 * ({@code getString}, {@code getLong}, {@code getMap(i, K, V)} …) ask the codec registry for every
 * value, and the registry makes a trace-level log call for each lookup; {@code getMap} and {@code
 * getList} also build their generic type by reflection. For the fifty rows of a page that was a
 * fifth of the app's CPU in the latest-page profile (docs/adr/0203).
 */
final class CqlTypes {
  static final TypeCodec<Map<String, Integer>> REACTIONS =
      TypeCodecs.mapOf(TypeCodecs.TEXT, TypeCodecs.INT);
  static final TypeCodec<List<UUID>> UUIDS = TypeCodecs.listOf(TypeCodecs.UUID);

  private CqlTypes() {}

  /** A {@code bigint}; 0 when null, as {@link Row#getLong} answers. */
  static long bigint(Row row, int i) {
    return TypeCodecs.BIGINT.decodePrimitive(row.getBytesUnsafe(i), row.protocolVersion());
  }

  /** A {@code boolean}; false when null, as {@link Row#getBoolean} answers. */
  static boolean bool(Row row, int i) {
    return TypeCodecs.BOOLEAN.decodePrimitive(row.getBytesUnsafe(i), row.protocolVersion());
  }

  static String text(Row row, int i) {
    return row.get(i, TypeCodecs.TEXT);
  }

  static UUID uuid(Row row, int i) {
    return row.get(i, TypeCodecs.UUID);
  }

  static Instant timestamp(Row row, int i) {
    return row.get(i, TypeCodecs.TIMESTAMP);
  }
}
