package io.parley.events.e2ee;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KeySetVersionTest {
  private static final UUID ALICE = UUID.fromString("00000000-0000-0000-0000-00000000000a");
  private static final UUID BOB = UUID.fromString("00000000-0000-0000-0000-00000000000b");
  private static final String F1 = "1111111111111111111111111111111111111111";
  private static final String F2 = "2222222222222222222222222222222222222222";
  private static final String F3 = "3333333333333333333333333333333333333333";

  @Test
  void isTheSha256OfTheSortedLinesWithoutTrailingNewline() throws Exception {
    String text =
        ALICE + " backup " + F3 + "\n" + ALICE + " device " + F1 + "\n" + BOB + " device " + F2;
    String expected =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));

    String version =
        KeySetVersion.of(
            List.of(
                KeySetVersion.device(BOB, F2),
                KeySetVersion.device(ALICE, F1),
                KeySetVersion.backup(ALICE, F3)));

    assertThat(version)
        .isEqualTo(expected)
        .isEqualTo("d8149975abc5564164864552d42b6395f4ae016e93336897e7d809c35b43ddae");
  }

  @Test
  void aKnownVector() {
    // sha256("00000000-0000-0000-0000-00000000000a device
    // 1111111111111111111111111111111111111111")
    assertThat(KeySetVersion.of(List.of(KeySetVersion.device(ALICE, F1))))
        .isEqualTo("6fad89ad4c00697ba0f591bd2096eb82fafb399cad0eea26a8c0bc2d5464164e");
  }

  @Test
  void orderDoesNotMatterButEveryKeyDoes() {
    String one =
        KeySetVersion.of(List.of(KeySetVersion.device(ALICE, F1), KeySetVersion.device(BOB, F2)));
    String swapped =
        KeySetVersion.of(List.of(KeySetVersion.device(BOB, F2), KeySetVersion.device(ALICE, F1)));
    String backupInstead =
        KeySetVersion.of(List.of(KeySetVersion.device(ALICE, F1), KeySetVersion.backup(BOB, F2)));
    String fewer = KeySetVersion.of(List.of(KeySetVersion.device(ALICE, F1)));

    assertThat(one).isEqualTo(swapped).isNotEqualTo(backupInstead).isNotEqualTo(fewer);
  }

  @Test
  void theEmptySetIsTheHashOfTheEmptyText() {
    assertThat(KeySetVersion.EMPTY)
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        .isEqualTo(KeySetVersion.of(List.of()));
  }
}
