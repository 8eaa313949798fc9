package io.parley.query.files;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Set;

/**
 * The {@code Content-Disposition} of a served file (docs/adr/0146): {@code inline} only for the
 * raster images a browser shows as pictures, {@code attachment} for everything else, so an HTML or
 * SVG file is downloaded and never rendered as this origin; the name as an ASCII fallback and in
 * RFC 5987 form.
 */
final class Dispositions {
  static final Set<String> INLINE_TYPES =
      Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

  private Dispositions() {}

  static boolean inline(String contentType, boolean download) {
    return !download && contentType != null && INLINE_TYPES.contains(contentType);
  }

  static String of(String contentType, boolean download, String name) {
    return (inline(contentType, download) ? "inline" : "attachment")
        + "; filename=\""
        + asciiFallback(name)
        + "\"; filename*=UTF-8''"
        + rfc5987(name);
  }

  /** Printable ASCII without quotes, backslashes or path separators; accents dropped. */
  static String asciiFallback(String name) {
    String decomposed = Normalizer.normalize(name == null ? "" : name, Normalizer.Form.NFKD);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < decomposed.length(); i++) {
      char c = decomposed.charAt(i);
      if (Character.getType(c) == Character.NON_SPACING_MARK) {
        continue;
      }
      if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '/' || c == ';' || c == '%') {
        out.append('_');
      } else {
        out.append(c);
      }
    }
    String result = out.toString().strip();
    return result.isEmpty() ? "file" : result;
  }

  /** RFC 5987 {@code value-chars}: attr-char as is, every other UTF-8 byte percent-encoded. */
  static String rfc5987(String name) {
    StringBuilder out = new StringBuilder();
    for (byte b : (name == null ? "" : name).getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "!#$&+-.^_`|~".indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
