package io.parley.query.message;

/**
 * Messages are partitioned by runs of consecutive {@code seq}: bucket 0 holds 1..SIZE, bucket 1 the
 * next SIZE, and so on. A page never scans an empty partition and a partition's size is bounded by
 * SIZE messages whatever the conversation's rate.
 */
final class TimelineBuckets {
  static final int SIZE = 1000;

  private TimelineBuckets() {}

  static int of(long seq) {
    return (int) ((seq - 1) / SIZE);
  }
}
