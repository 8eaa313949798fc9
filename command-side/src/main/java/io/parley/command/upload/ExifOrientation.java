package io.parley.command.upload;

/**
 * The orientation tag (0x0112) of an EXIF block: 1 upright, 2–8 the mirrorings and rotations a
 * camera records instead of turning the pixels. Anything unreadable counts as upright.
 */
final class ExifOrientation {
  static final int UPRIGHT = 1;
  private static final int TAG = 0x0112;

  private ExifOrientation() {}

  /** Reads the orientation from a TIFF-structured block (what follows {@code Exif\0\0}). */
  static int of(byte[] tiff, int start) {
    try {
      boolean little;
      if (tiff[start] == 'I' && tiff[start + 1] == 'I') {
        little = true;
      } else if (tiff[start] == 'M' && tiff[start + 1] == 'M') {
        little = false;
      } else {
        return UPRIGHT;
      }
      long ifd = read(tiff, start + 4, 4, little);
      int entries = start + (int) ifd;
      int count = (int) read(tiff, entries, 2, little);
      for (int i = 0; i < count; i++) {
        int entry = entries + 2 + i * 12;
        if (read(tiff, entry, 2, little) == TAG) {
          int value = (int) read(tiff, entry + 8, 2, little);
          return value >= 1 && value <= 8 ? value : UPRIGHT;
        }
      }
      return UPRIGHT;
    } catch (IndexOutOfBoundsException e) {
      return UPRIGHT;
    }
  }

  /** Whether the stored picture is a quarter turn off, so width and height swap when upright. */
  static boolean swapsSides(int orientation) {
    return orientation >= 5 && orientation <= 8;
  }

  private static long read(byte[] bytes, int at, int length, boolean little) {
    if (at < 0 || at + length > bytes.length) {
      throw new IndexOutOfBoundsException(at);
    }
    long value = 0;
    for (int i = 0; i < length; i++) {
      int b = bytes[little ? at + length - 1 - i : at + i] & 0xff;
      value = (value << 8) | b;
    }
    return value;
  }
}
