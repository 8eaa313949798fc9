package io.parley.query.message;

import com.datastax.oss.driver.api.core.type.reflect.GenericType;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The generic column types the timeline reads, built once. The driver's {@code getMap(i, K, V)} and
 * {@code getList(i, E)} build a new {@link GenericType} by reflection on every call: in the
 * latest-page profile that was a tenth of the app's CPU, for fifty rows a page (docs/perf).
 */
final class CqlTypes {
  static final GenericType<Map<String, Integer>> REACTIONS =
      GenericType.mapOf(String.class, Integer.class);
  static final GenericType<List<UUID>> UUIDS = GenericType.listOf(UUID.class);

  private CqlTypes() {}
}
