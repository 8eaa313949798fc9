package io.parley.query.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ByteRangeTest {
  @Test
  void aClosedAnOpenAndASuffixRangeAreServed() {
    assertThat(ByteRange.parse("bytes=0-0", 10)).contains(new ByteRange(0, 0));
    assertThat(ByteRange.parse("bytes=2-5", 10)).contains(new ByteRange(2, 5));
    assertThat(ByteRange.parse("bytes=7-", 10)).contains(new ByteRange(7, 9));
    assertThat(ByteRange.parse("bytes=-3", 10)).contains(new ByteRange(7, 9));
    assertThat(ByteRange.parse("BYTES= 2-5 ", 10)).contains(new ByteRange(2, 5));
  }

  @Test
  void aRangePastTheEndIsCutAndALongSuffixIsTheWholeFile() {
    assertThat(ByteRange.parse("bytes=5-100", 10)).contains(new ByteRange(5, 9));
    assertThat(ByteRange.parse("bytes=-100", 10)).contains(new ByteRange(0, 9));
  }

  @Test
  void noRangeSeveralRangesOrAnotherUnitServeTheWholeFile() {
    assertThat(ByteRange.parse(null, 10)).isEqualTo(Optional.empty());
    assertThat(ByteRange.parse("bytes=0-1,4-5", 10)).isEmpty();
    assertThat(ByteRange.parse("items=0-1", 10)).isEmpty();
  }

  @Test
  void anUnsatisfiableOrMalformedByteRangeIsRefused() {
    for (String bad :
        new String[] {
          "bytes=10-",
          "bytes=10-12",
          "bytes=5-2",
          "bytes=-0",
          "bytes=x-1",
          "bytes=1",
          "bytes=-",
          "bytes=1-2-3",
          "bytes=99999999999999999999-"
        }) {
      assertThatThrownBy(() -> ByteRange.parse(bad, 10))
          .as(bad)
          .isInstanceOf(ByteRange.Unsatisfiable.class);
    }
  }
}
