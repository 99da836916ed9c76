package dev.unigen.testkit;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/**
 * Real media bytes for tests: images drawn and encoded with ImageIO (so their headers state their
 * true size), a ZIP of training images, and the opening box of an MP4 file.
 */
public final class TestMedia {
  private TestMedia() {}

  /** A {@code width}×{@code height} PNG, red on the left half, with an alpha channel. */
  public static byte[] png(int width, int height) {
    return encode(width, height, "png", BufferedImage.TYPE_INT_ARGB);
  }

  /** A {@code width}×{@code height} JPEG, red on the left half. */
  public static byte[] jpeg(int width, int height) {
    return encode(width, height, "jpeg", BufferedImage.TYPE_INT_RGB);
  }

  /** A {@code width}×{@code height} black PNG with a white square in the middle: an inpainting mask. */
  public static byte[] mask(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(width / 4, height / 4, width / 2, height / 2);
    g.dispose();
    return write(image, "png");
  }

  /** A ZIP archive of {@code count} 512×512 PNGs named {@code 1.png}, {@code 2.png}, …: LoRA training data. */
  public static byte[] zipOfPngs(int count) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (int i = 1; i <= count; i++) {
        zip.putNextEntry(new ZipEntry(i + ".png"));
        zip.write(png(512, 512));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * The first box of an MP4 file ({@code ftyp}, brand {@code isom}): enough for type sniffing and for
   * a provider that passes the video on, not a playable clip.
   */
  public static byte[] mp4() {
    return new byte[] {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0,
        'i', 's', 'o', 'm', 'm', 'p', '4', '1'};
  }

  private static byte[] encode(int width, int height, String format, int type) {
    BufferedImage image = new BufferedImage(width, height, type);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(200, 40, 40));
    g.fillRect(0, 0, width / 2, height);
    g.dispose();
    return write(image, format);
  }

  private static byte[] write(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) throw new IllegalStateException("no ImageIO writer for " + format);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
