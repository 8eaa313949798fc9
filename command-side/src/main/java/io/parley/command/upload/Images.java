package io.parley.command.upload;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * Makes a received image safe to store and show (docs/adr/0141): reads its dimensions from the
 * header first and decodes nothing over the pixel limit; removes EXIF/XMP from JPEG and PNG
 * (losslessly when the picture is upright, by re-encoding it upright when EXIF said to turn it);
 * makes a thumbnail of at most 480×480. Anything it cannot read is not an image: {@link #process}
 * answers empty and the upload is kept as a plain file.
 */
final class Images {
  static final Set<String> TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");
  static final int THUMBNAIL = 480;

  /** What became of an image: the bytes to store, upright dimensions and the thumbnail. */
  record Cleaned(Path stored, int width, int height, Path thumbnail, String thumbnailType) {}

  private final long maxPixels;
  // Decoding takes memory in proportion to pixels: a few at a time, whatever the upload rate.
  private final Semaphore decoders;

  Images(long maxPixels, int concurrentDecodes) {
    this.maxPixels = maxPixels;
    this.decoders = new Semaphore(concurrentDecodes);
    ImageIO.setUseCache(false); // encode in memory: a thumbnail is small
    // Register the WebP reader from the application's class loader (in the executable jar the
    // plug-ins are not on the system class path ImageIO scanned when it first loaded).
    ImageIO.scanForPlugins();
  }

  /** Empty when the bytes are not a readable image within the pixel limit. */
  Optional<Cleaned> process(Path received, String contentType, Path workDir) throws IOException {
    if (!TYPES.contains(contentType)) {
      return Optional.empty();
    }
    try {
      decoders.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    try {
      return Optional.ofNullable(clean(received, contentType, workDir));
    } catch (IOException | RuntimeException | OutOfMemoryError e) {
      // A decoder's failure on hostile or broken input: not an image, never a 500.
      return Optional.empty();
    } finally {
      decoders.release();
    }
  }

  private Cleaned clean(Path received, String contentType, Path workDir) throws IOException {
    int[] size = dimensions(received);
    if (size == null || size[0] <= 0 || size[1] <= 0 || (long) size[0] * size[1] > maxPixels) {
      return null;
    }
    Path stored = received;
    int orientation = ExifOrientation.UPRIGHT;
    if (contentType.equals("image/jpeg") || contentType.equals("image/png")) {
      stored = Files.createTempFile(workDir, "clean-", ".img");
      try (InputStream in = new BufferedInputStream(Files.newInputStream(received));
          OutputStream out = new BufferedOutputStream(Files.newOutputStream(stored))) {
        orientation =
            contentType.equals("image/jpeg")
                ? JpegMetadata.strip(in, out)
                : PngMetadata.strip(in, out);
      }
    }
    if (contentType.equals("image/webp")) {
      stored = Files.createTempFile(workDir, "clean-", ".img");
      Files.write(stored, WebpMetadata.strip(Files.readAllBytes(received)));
    }
    int width = size[0];
    int height = size[1];
    BufferedImage preview;
    if (orientation != ExifOrientation.UPRIGHT) {
      BufferedImage upright = orient(decode(stored, 1), orientation);
      write(upright, contentType.equals("image/png") ? "png" : "jpeg", stored);
      width = upright.getWidth();
      height = upright.getHeight();
      preview = upright;
    } else {
      preview = decode(stored, subsampling(width, height));
    }
    Path thumbnail = Files.createTempFile(workDir, "thumb-", ".img");
    boolean alpha = preview.getColorModel().hasAlpha();
    String format = alpha ? "png" : "jpeg";
    write(scaled(preview, alpha), format, thumbnail);
    return new Cleaned(stored, width, height, thumbnail, alpha ? "image/png" : "image/jpeg");
  }

  private static int[] dimensions(Path file) throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      ImageReader reader = reader(in);
      if (reader == null) {
        return null;
      }
      try {
        reader.setInput(in, true, true);
        return new int[] {reader.getWidth(0), reader.getHeight(0)};
      } finally {
        reader.dispose();
      }
    }
  }

  private static ImageReader reader(ImageInputStream in) {
    Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
    return readers.hasNext() ? readers.next() : null;
  }

  /** The first frame, every {@code step}-th pixel in each direction. */
  private static BufferedImage decode(Path file, int step) throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      ImageReader reader = reader(in);
      if (reader == null) {
        throw new IOException("no reader");
      }
      try {
        reader.setInput(in, true, true);
        ImageReadParam param = reader.getDefaultReadParam();
        param.setSourceSubsampling(step, step, 0, 0);
        return reader.read(0, param);
      } finally {
        reader.dispose();
      }
    }
  }

  /** Decode at no less than twice the thumbnail's size, then scale smoothly. */
  private static int subsampling(int width, int height) {
    return Math.max(1, Math.max(width, height) / (THUMBNAIL * 2));
  }

  static BufferedImage orient(BufferedImage image, int orientation) {
    int w = image.getWidth();
    int h = image.getHeight();
    AffineTransform t = new AffineTransform();
    switch (orientation) {
      case 2 -> t.concatenate(new AffineTransform(-1, 0, 0, 1, w, 0)); // mirror
      case 3 -> t.concatenate(new AffineTransform(-1, 0, 0, -1, w, h)); // 180°
      case 4 -> t.concatenate(new AffineTransform(1, 0, 0, -1, 0, h)); // flip
      case 5 -> t.concatenate(new AffineTransform(0, 1, 1, 0, 0, 0)); // transpose
      case 6 -> t.concatenate(new AffineTransform(0, 1, -1, 0, h, 0)); // 90° clockwise
      case 7 -> t.concatenate(new AffineTransform(0, -1, -1, 0, h, w)); // transverse
      case 8 -> t.concatenate(new AffineTransform(0, -1, 1, 0, 0, w)); // 90° anticlockwise
      default -> {
        return image;
      }
    }
    boolean swap = ExifOrientation.swapsSides(orientation);
    boolean alpha = image.getColorModel().hasAlpha();
    BufferedImage out =
        new BufferedImage(
            swap ? h : w,
            swap ? w : h,
            alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.drawImage(image, t, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  private static BufferedImage scaled(BufferedImage image, boolean alpha) {
    int w = image.getWidth();
    int h = image.getHeight();
    double factor = Math.min(1.0, Math.min((double) THUMBNAIL / w, (double) THUMBNAIL / h));
    int tw = Math.max(1, (int) Math.round(w * factor));
    int th = Math.max(1, (int) Math.round(h * factor));
    BufferedImage current = image;
    // Halve while more than twice too big, so bilinear steps keep detail.
    while (current.getWidth() / 2 >= tw && current.getHeight() / 2 >= th) {
      current = draw(current, current.getWidth() / 2, current.getHeight() / 2, alpha);
    }
    return draw(current, tw, th, alpha);
  }

  private static BufferedImage draw(BufferedImage image, int w, int h, boolean alpha) {
    BufferedImage out =
        new BufferedImage(w, h, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      if (!alpha) {
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, w, h);
      }
      g.drawImage(image, 0, 0, w, h, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  private static void write(BufferedImage image, String format, Path target) throws IOException {
    BufferedImage output = image;
    if (format.equals("jpeg") && image.getColorModel().hasAlpha()) {
      output = draw(image, image.getWidth(), image.getHeight(), false);
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
    try (OutputStream file = Files.newOutputStream(target);
        ImageOutputStream out = ImageIO.createImageOutputStream(file)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (format.equals("jpeg")) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.88f);
      }
      writer.write(null, new IIOImage(output, null, null), param);
    } finally {
      writer.dispose();
    }
  }
}
