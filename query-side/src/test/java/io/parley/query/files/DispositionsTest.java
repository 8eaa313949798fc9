package io.parley.query.files;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DispositionsTest {
  @Test
  void onlyRasterImagesAreInlineAndDownloadForcesAnAttachment() {
    for (String type : new String[] {"image/png", "image/jpeg", "image/gif", "image/webp"}) {
      assertThat(Dispositions.of(type, false, "a.png")).startsWith("inline;");
      assertThat(Dispositions.of(type, true, "a.png")).startsWith("attachment;");
    }
    for (String type :
        new String[] {"image/svg+xml", "text/html", "application/pdf", "image/bmp", "text/plain"}) {
      assertThat(Dispositions.of(type, false, "a.png")).startsWith("attachment;");
    }
  }

  @Test
  void theNameHasAnAsciiFallbackAndAnRfc5987Form() {
    assertThat(Dispositions.of("text/plain", false, "Résumé 2026.txt"))
        .isEqualTo(
            "attachment; filename=\"Resume 2026.txt\"; filename*=UTF-8''R%C3%A9sum%C3%A9%202026.txt");
  }

  @Test
  void theFallbackCannotBreakOutOfItsQuotesOrNameAPath() {
    assertThat(Dispositions.asciiFallback("a\"b\\c/d;e%f\r\ng.txt"))
        .isEqualTo("a_b_c_d_e_f__g.txt");
    assertThat(Dispositions.asciiFallback("写真.jpg")).isEqualTo("__.jpg");
    assertThat(Dispositions.asciiFallback("")).isEqualTo("file");
    assertThat(Dispositions.rfc5987("a\"b;c'd e")).isEqualTo("a%22b%3Bc%27d%20e");
  }
}
