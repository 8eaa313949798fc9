package io.parley.command.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.support.web.Validator;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class FileNamesTest {
  private static String check(String raw) {
    return FileNames.check(raw, new Validator());
  }

  @Test
  void onlyTheLastPathComponentIsKept() {
    assertThat(check("photo.jpg")).isEqualTo("photo.jpg");
    assertThat(check("../../etc/passwd")).isEqualTo("passwd");
    assertThat(check("C:\\Users\\me\\cv.pdf")).isEqualTo("cv.pdf");
    assertThat(check("a/b\\c")).isEqualTo("c");
  }

  @Test
  void controlAndBidiCharactersEmptyAndOverlongNamesAreRefused() {
    for (String bad :
        new String[] {
          null,
          "",
          "/",
          "dir\\",
          "..",
          " ",
          "tab\there",
          "nul\u0000",
          "del\u007f",
          "gpj\u202Eexe",
          "\u2066x",
          "x".repeat(256),
          "\uD800"
        }) {
      assertThat(check(bad)).as("%s", bad).isNull();
    }
    assertThat(check("\uD83D\uDCF7".repeat(255))).isNotNull();
  }

  @Test
  void webpIsReadableThroughImageIo() {
    assertThat(ImageIO.getImageReadersByMIMEType("image/webp").hasNext()).isTrue();
  }
}
