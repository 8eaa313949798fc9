package io.parley.query.consistency;

/** The read models did not reach the log position of a read in time: 503 with Retry-After. */
public final class ProjectionsLagging extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ProjectionsLagging() {
    super(
        "The conversation's history is still being written; try again shortly.",
        null,
        false,
        false);
  }
}
