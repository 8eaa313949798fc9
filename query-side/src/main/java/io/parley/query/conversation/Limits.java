package io.parley.query.conversation;

import io.parley.support.web.Validator;

/** The contract's page size: {@code limit} 1 to 200, 50 when absent. */
public final class Limits {
  public static final int MAX = 200;

  private Limits() {}

  /** The parsed limit, or records an error on {@code v} and returns the default. */
  public static int parse(Validator v, String limit) {
    try {
      int value = Integer.parseInt(limit.strip());
      v.require(value >= 1 && value <= MAX, "limit", "must be 1 to " + MAX);
      return value;
    } catch (NumberFormatException e) {
      v.require(false, "limit", "must be a whole number from 1 to " + MAX);
      return 50;
    }
  }
}
