package io.parley.support.admin;

import java.util.List;

/**
 * Checks one processor's read model against the event log and reports every difference. A service
 * declares one bean per read model it can verify.
 */
public interface ReadModelVerifier {
  /** A difference between what the log implies and what the read model holds. */
  record Difference(String where, String expected, String actual) {}

  /** What a verification found: how much it compared, a digest of each side, the differences. */
  record Report(
      String processor,
      long checked,
      String expectedDigest,
      String actualDigest,
      List<Difference> differences,
      boolean truncated) {
    public boolean consistent() {
      return differences.isEmpty();
    }
  }

  String processor();

  Report verify();
}
