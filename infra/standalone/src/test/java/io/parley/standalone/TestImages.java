package io.parley.standalone;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Images made in code for the upload tests, with hand-built metadata. */
final class TestImages {
  static final String SECRET = "secret-place-47.3769N";

  private TestImages() {}

  /** Left half red, right half blue. */
  static BufferedImage halves(int width, int height, boolean alpha) {
    BufferedImage image =
        new BufferedImage(
            width, height, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.RED);
    g.fillRect(0, 0, width / 2, height);
    g.setColor(Color.BLUE);
    g.fillRect(width / 2, 0, width - width / 2, height);
    g.dispose();
    return image;
  }

  static byte[] encode(BufferedImage image, String format) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no writer for " + format);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static BufferedImage decode(byte[] bytes) {
    try {
      return ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A big-endian TIFF block as EXIF holds it: IFD0 with Orientation, ImageDescription ({@link
   * #SECRET}) and a GPS IFD pointer; the GPS IFD with a latitude reference.
   */
  static byte[] exif(int orientation) {
    byte[] description = (SECRET + "\0").getBytes(StandardCharsets.US_ASCII);
    int ifd0 = 8;
    int ifd0Size = 2 + 3 * 12 + 4;
    int gps = ifd0 + ifd0Size;
    int gpsSize = 2 + 12 + 4;
    int text = gps + gpsSize;
    ByteBuffer b = ByteBuffer.allocate(text + description.length);
    b.put(new byte[] {'M', 'M', 0, 42}).putInt(ifd0);
    b.putShort((short) 3);
    b.putShort((short) 0x010E).putShort((short) 2).putInt(description.length).putInt(text);
    b.putShort((short) 0x0112)
        .putShort((short) 3)
        .putInt(1)
        .putShort((short) orientation)
        .putShort((short) 0);
    b.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(gps);
    b.putInt(0);
    b.putShort((short) 1);
    b.putShort((short) 0x0001).putShort((short) 2).putInt(2).put(new byte[] {'N', 0, 0, 0});
    b.putInt(0);
    b.put(description);
    return b.array();
  }

  /** A JPEG with an APP1 EXIF segment (and an XMP one) right after SOI. */
  static byte[] jpegWithExif(BufferedImage image, int orientation) {
    byte[] jpeg = encode(image, "jpeg");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    segment(out, 0xE1, concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), exif(orientation)));
    segment(
        out,
        0xE1,
        ("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>" + SECRET + "</x:xmpmeta>")
            .getBytes(StandardCharsets.ISO_8859_1));
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  /** A PNG with eXIf, tEXt and iTXt chunks before its image data. */
  static byte[] pngWithMetadata(BufferedImage image, int orientation) {
    byte[] png = encode(image, "png");
    int ihdrEnd = 8 + 4 + 4 + 13 + 4;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(png, 0, ihdrEnd);
    chunk(out, "eXIf", exif(orientation));
    chunk(out, "tEXt", ("Comment\0" + SECRET).getBytes(StandardCharsets.ISO_8859_1));
    chunk(
        out,
        "iTXt",
        ("XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta>" + SECRET + "</x:xmpmeta>")
            .getBytes(StandardCharsets.UTF_8));
    out.write(png, ihdrEnd, png.length - ihdrEnd);
    return out.toByteArray();
  }

  private static void segment(ByteArrayOutputStream out, int marker, byte[] payload) {
    out.write(0xFF);
    out.write(marker);
    int length = payload.length + 2;
    out.write(length >> 8);
    out.write(length & 0xFF);
    out.writeBytes(payload);
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] name = type.getBytes(StandardCharsets.ISO_8859_1);
    CRC32 crc = new CRC32();
    crc.update(name);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(name);
    out.writeBytes(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static boolean contains(byte[] haystack, String needle) {
    return new String(haystack, StandardCharsets.ISO_8859_1).contains(needle);
  }
}
