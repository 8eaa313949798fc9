package io.parley.command.upload;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Copies a WebP without its {@code EXIF} and {@code XMP } chunks, clearing their flags in {@code
 * VP8X} and fixing the RIFF size; the image data is copied as it is. (The whole file is in memory:
 * uploads are bounded by {@code parley.files.max-size}, and this runs under the decode limit.)
 */
final class WebpMetadata {
  private static final int EXIF_FLAG = 0x08;
  private static final int XMP_FLAG = 0x04;

  private WebpMetadata() {}

  static byte[] strip(byte[] webp) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(webp).order(ByteOrder.LITTLE_ENDIAN);
    if (webp.length < 12 || !fourcc(webp, 0).equals("RIFF") || !fourcc(webp, 8).equals("WEBP")) {
      throw new IOException("not a WebP");
    }
    long riffEnd = Math.min(webp.length, 8 + (in.getInt(4) & 0xFFFFFFFFL));
    ByteArrayOutputStream body = new ByteArrayOutputStream(webp.length);
    body.writeBytes("WEBP".getBytes(StandardCharsets.US_ASCII));
    int at = 12;
    while (at + 8 <= riffEnd) {
      String type = fourcc(webp, at);
      long size = in.getInt(at + 4) & 0xFFFFFFFFL;
      long padded = size + (size & 1);
      if (at + 8 + size > riffEnd) {
        throw new IOException("WebP chunk past the end");
      }
      int length = (int) Math.min(8 + padded, riffEnd - at);
      if (!type.equals("EXIF") && !type.equals("XMP ")) {
        byte[] chunk = java.util.Arrays.copyOfRange(webp, at, at + length);
        if (type.equals("VP8X") && size >= 1) {
          chunk[8] &= (byte) ~(EXIF_FLAG | XMP_FLAG);
        }
        body.writeBytes(chunk);
      }
      at += length;
    }
    ByteBuffer out = ByteBuffer.allocate(8 + body.size()).order(ByteOrder.LITTLE_ENDIAN);
    out.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(body.size()).put(body.toByteArray());
    return out.array();
  }

  private static String fourcc(byte[] bytes, int at) {
    return new String(bytes, at, 4, StandardCharsets.US_ASCII);
  }
}
