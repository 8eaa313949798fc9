package io.parley.command.upload;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies a JPEG without its metadata segments, losslessly: APP1 (EXIF with GPS, XMP), APP3–APP13
 * (IPTC, Photoshop…), APP15 and comments go; APP0 (JFIF), APP2 colour profiles, APP14 (Adobe colour
 * transform) and every coding segment stay; nothing after the end-of-image marker is kept. Returns
 * the EXIF orientation it found.
 */
final class JpegMetadata {
  private static final byte[] EXIF = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] ICC = "ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1);

  private JpegMetadata() {}

  static int strip(InputStream source, OutputStream out) throws IOException {
    DataInputStream in = new DataInputStream(source);
    if (in.readUnsignedByte() != 0xFF || in.readUnsignedByte() != 0xD8) {
      throw new IOException("not a JPEG");
    }
    out.write(0xFF);
    out.write(0xD8);
    int orientation = ExifOrientation.UPRIGHT;
    while (true) {
      int marker = nextMarker(in);
      if (marker == 0xD9) { // EOI without scan data
        out.write(0xFF);
        out.write(marker);
        return orientation;
      }
      if (marker >= 0xD0 && marker <= 0xD7 || marker == 0x01) {
        out.write(0xFF);
        out.write(marker);
        continue;
      }
      int length = in.readUnsignedShort();
      if (length < 2) {
        throw new IOException("bad JPEG segment length");
      }
      byte[] payload = new byte[length - 2];
      in.readFully(payload);
      if (marker == 0xE1 && startsWith(payload, EXIF)) {
        orientation = ExifOrientation.of(payload, EXIF.length);
      }
      if (keep(marker, payload)) {
        out.write(0xFF);
        out.write(marker);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.write(payload);
      }
      if (marker == 0xDA) {
        copyScansToEnd(in, out);
        return orientation;
      }
    }
  }

  /**
   * Copies the scans up to and including the end-of-image marker: entropy-coded data escapes 0xFF
   * as FF 00, so FF D9 is the true end. Whatever a file carries after it (a second image, an
   * appended video or archive) is not kept.
   */
  private static void copyScansToEnd(DataInputStream in, OutputStream out) throws IOException {
    int previous = 0;
    for (int b; (b = in.read()) >= 0; previous = b) {
      out.write(b);
      if (previous == 0xFF && b == 0xD9) {
        return;
      }
    }
  }

  private static boolean keep(int marker, byte[] payload) {
    if (marker == 0xFE) {
      return false; // comment
    }
    if (marker >= 0xE0 && marker <= 0xEF) {
      return marker == 0xE0 || marker == 0xEE || (marker == 0xE2 && startsWith(payload, ICC));
    }
    return true;
  }

  private static int nextMarker(DataInputStream in) throws IOException {
    int b = in.readUnsignedByte();
    if (b != 0xFF) {
      throw new IOException("JPEG marker expected");
    }
    do {
      b = in.readUnsignedByte(); // fill bytes 0xFF may precede a marker
    } while (b == 0xFF);
    if (b == 0) {
      throw new EOFException("JPEG marker expected");
    }
    return b;
  }

  private static boolean startsWith(byte[] payload, byte[] prefix) {
    if (payload.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (payload[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
