package io.parley.support.axon;

import java.util.Set;

/**
 * What an aggregate needs of its own stream, declared by the aggregate's module so the JDBC store
 * can read less of a long stream (docs/adr/0197). Events of a {@code tailOnly} type change the
 * aggregate's state only through a bounded window: it needs them only from the {@code window}-th
 * last event of {@code windowType} on. Every event of any other type is always read, and so is the
 * stream's last event, which fixes the aggregate's version.
 *
 * <p>The store reads the stream's other events through a partial index whose predicate names the
 * same types (Flyway {@code db/axon/V5}); keep the two lists the same, or the read stays correct
 * but scans the whole stream again.
 *
 * @param windowType the payload type whose last {@code window} events the aggregate keeps
 * @param window how many of the last {@code windowType} events the aggregate needs
 * @param tailOnly the payload types needed only from the window's first event on; contains {@code
 *     windowType}
 */
public record StreamTail(String windowType, int window, Set<String> tailOnly) {
  public StreamTail {
    if (window < 1) {
      throw new IllegalArgumentException("window must be positive: " + window);
    }
    tailOnly = Set.copyOf(tailOnly);
    if (!tailOnly.contains(windowType)) {
      throw new IllegalArgumentException("tailOnly must contain the window's type " + windowType);
    }
  }
}
