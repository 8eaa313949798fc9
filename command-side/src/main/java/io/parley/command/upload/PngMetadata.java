package io.parley.command.upload;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * Copies a PNG keeping only the chunks that say how to draw it: the critical ones, transparency,
 * colour (gAMA, cHRM, sRGB, iCCP, sBIT), pHYs, bKGD, hIST, sPLT and the APNG animation chunks. Text
 * (tEXt, zTXt, iTXt, which carry XMP), eXIf, tIME and anything unknown go. Returns the eXIf
 * orientation it found.
 */
final class PngMetadata {
  static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  private static final Set<String> KEPT =
      Set.of(
          "tRNS", "gAMA", "cHRM", "sRGB", "iCCP", "sBIT", "pHYs", "bKGD", "hIST", "sPLT", "acTL",
          "fcTL", "fdAT");
  private static final int MAX_CHUNK = 64 * 1024 * 1024;

  private PngMetadata() {}

  static int strip(InputStream source, OutputStream target) throws IOException {
    DataInputStream in = new DataInputStream(source);
    DataOutputStream out = new DataOutputStream(target);
    byte[] signature = new byte[8];
    in.readFully(signature);
    if (!Arrays.equals(signature, SIGNATURE)) {
      throw new IOException("not a PNG");
    }
    out.write(signature);
    int orientation = ExifOrientation.UPRIGHT;
    while (true) {
      int length = in.readInt();
      if (length < 0 || length > MAX_CHUNK) {
        throw new IOException("bad PNG chunk length");
      }
      byte[] type = new byte[4];
      in.readFully(type);
      String name = new String(type, StandardCharsets.ISO_8859_1);
      byte[] data = new byte[length];
      in.readFully(data);
      int crc = in.readInt();
      if (name.equals("eXIf")) {
        orientation = ExifOrientation.of(data, 0);
      }
      boolean critical = Character.isUpperCase(name.charAt(0));
      if (critical || KEPT.contains(name)) {
        out.writeInt(length);
        out.write(type);
        out.write(data);
        out.writeInt(crc);
      }
      if (name.equals("IEND")) {
        out.flush();
        return orientation;
      }
    }
  }
}
