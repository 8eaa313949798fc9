package io.parley.command.message;

/**
 * The Snowflake node id this instance may mint message ids with right now: fixed by {@code
 * parley.node-id}, or leased from Postgres ({@link NodeIdLease}).
 */
public interface NodeId {
  /**
   * The id to put into the next message id.
   *
   * @throws io.parley.command.admission.SendsRefused when this instance holds no valid id (its
   *     lease lapsed): answered 503, nothing is written.
   */
  int current();

  static NodeId fixed(int node) {
    if (node < 0 || node > MessageIds.MAX_NODE) {
      throw new IllegalArgumentException(
          "parley.node-id must be 0 to " + MessageIds.MAX_NODE + ", was " + node);
    }
    return () -> node;
  }
}
