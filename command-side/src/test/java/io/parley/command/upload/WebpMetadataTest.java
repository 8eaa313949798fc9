package io.parley.command.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebpMetadataTest {
  private static byte[] chunk(String type, byte[] data) {
    ByteBuffer b =
        ByteBuffer.allocate(8 + data.length + (data.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
    b.put(type.getBytes(StandardCharsets.US_ASCII)).putInt(data.length).put(data);
    return b.array();
  }

  private static byte[] riff(byte[]... chunks) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes("WEBP".getBytes(StandardCharsets.US_ASCII));
    for (byte[] c : chunks) {
      body.writeBytes(c);
    }
    ByteBuffer out = ByteBuffer.allocate(8 + body.size()).order(ByteOrder.LITTLE_ENDIAN);
    out.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(body.size()).put(body.toByteArray());
    return out.array();
  }

  @Test
  void exifAndXmpChunksAndTheirFlagsGoTheImageDataStays() throws IOException {
    byte[] vp8x = new byte[10];
    vp8x[0] = 0x08 | 0x04 | 0x10; // EXIF, XMP, alpha
    byte[] image = "pretend-VP8L-data".getBytes(StandardCharsets.US_ASCII); // odd length: padded
    byte[] input =
        riff(
            chunk("VP8X", vp8x),
            chunk("VP8L", image),
            chunk("EXIF", "MM\0*GPS secret".getBytes(StandardCharsets.US_ASCII)),
            chunk("XMP ", "<x:xmpmeta>secret</x:xmpmeta>".getBytes(StandardCharsets.US_ASCII)));
    byte[] expected =
        riff(chunk("VP8X", new byte[] {0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0}), chunk("VP8L", image));
    assertThat(WebpMetadata.strip(input)).isEqualTo(expected);
    assertThat(new String(WebpMetadata.strip(input), StandardCharsets.ISO_8859_1))
        .doesNotContain("secret");
  }

  @Test
  void notAWebpOrAChunkPastTheEndIsAnError() {
    assertThatThrownBy(() -> WebpMetadata.strip("GIF89a".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(IOException.class);
    byte[] truncated = riff(chunk("VP8L", new byte[20]));
    ByteBuffer.wrap(truncated).order(ByteOrder.LITTLE_ENDIAN).putInt(16, 1000);
    assertThatThrownBy(() -> WebpMetadata.strip(truncated)).isInstanceOf(IOException.class);
  }
}
