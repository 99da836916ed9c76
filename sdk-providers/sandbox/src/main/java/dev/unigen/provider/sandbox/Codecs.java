package dev.unigen.provider.sandbox;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntFunction;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/** Encodes and decodes the sandbox's files with the JDK's ImageIO codecs: PNG, JPEG and animated GIF. */
final class Codecs {
  /** GIF frame delays are whole hundredths of a second. */
  static final int CENTISECONDS_PER_SECOND = 100;

  /** A 6×6×6 colour cube shared by every GIF frame, so frames need no per-frame palette search. */
  private static final IndexColorModel CUBE = cube();

  /** Ordered-dither thresholds, so the 216 colours still show smooth gradients. */
  private static final int[][] BAYER = {{0, 8, 2, 10}, {12, 4, 14, 6}, {3, 11, 1, 9}, {15, 7, 13, 5}};

  private Codecs() {}

  /** PNG bytes of {@code image}, keeping its alpha if it has any. */
  static byte[] png(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, "png", out)) throw new IllegalStateException("no PNG writer");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** JPEG bytes of opaque {@code image} at quality 0.9. */
  static byte[] jpeg(BufferedImage image) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(0.9f);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      writer.write(null, new IIOImage(opaque(image), null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  /** The image in {@code bytes}, or empty if ImageIO cannot read it. */
  static Optional<BufferedImage> decode(byte[] bytes) {
    try {
      return Optional.ofNullable(ImageIO.read(new ByteArrayInputStream(bytes)));
    } catch (IOException | RuntimeException e) {
      // ImageIO throws assorted runtime exceptions on truncated files; all mean "not an image".
      return Optional.empty();
    }
  }

  /**
   * An animated GIF that loops forever: frame {@code i}, drawn by {@code frame} when it is
   * written (so only one is held at a time), shows for {@code delays[i]} hundredths of a second.
   */
  static byte[] gif(IntFunction<BufferedImage> frame, int[] delays) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      writer.prepareWriteSequence(null);
      for (int i = 0; i < delays.length; i++) {
        BufferedImage image = indexed(frame.apply(i));
        IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), null);
        String format = meta.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("transparentColorIndex", "0");
        control.setAttribute("delayTime", Integer.toString(delays[i]));
        if (i == 0) {
          IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
          loop.setAttribute("applicationID", "NETSCAPE");
          loop.setAttribute("authenticationCode", "2.0");
          loop.setUserObject(new byte[] {1, 0, 0}); // sub-block 1, loop count 0 = forever
          child(root, "ApplicationExtensions").appendChild(loop);
        }
        meta.setFromTree(format, root);
        writer.writeToSequence(new IIOImage(image, null, meta), null);
      }
      writer.endWriteSequence();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  private static IIOMetadataNode child(IIOMetadataNode root, String name) {
    for (int i = 0; i < root.getLength(); i++) {
      if (root.item(i).getNodeName().equalsIgnoreCase(name)) return (IIOMetadataNode) root.item(i);
    }
    IIOMetadataNode node = new IIOMetadataNode(name);
    root.appendChild(node);
    return node;
  }

  private static BufferedImage indexed(BufferedImage rgb) {
    int w = rgb.getWidth();
    int h = rgb.getHeight();
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, CUBE);
    byte[] data = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      rgb.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int t = (2 * BAYER[y & 3][x & 3] + 1) * 255 / 32;
        int p = row[x];
        int r = Math.min(5, ((p >> 16 & 0xff) * 5 + t) / 255);
        int g = Math.min(5, ((p >> 8 & 0xff) * 5 + t) / 255);
        int b = Math.min(5, ((p & 0xff) * 5 + t) / 255);
        data[y * w + x] = (byte) (r * 36 + g * 6 + b);
      }
    }
    return out;
  }

  private static IndexColorModel cube() {
    byte[] r = new byte[256];
    byte[] g = new byte[256];
    byte[] b = new byte[256];
    for (int i = 0; i < 216; i++) {
      r[i] = (byte) (i / 36 * 51);
      g[i] = (byte) (i / 6 % 6 * 51);
      b[i] = (byte) (i % 6 * 51);
    }
    return new IndexColorModel(8, 256, r, g, b);
  }

  /** Drops the alpha channel, keeping each pixel's colour; JPEG has none. */
  private static BufferedImage opaque(BufferedImage image) {
    if (image.getType() == BufferedImage.TYPE_INT_RGB) return image;
    BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    int[] row = new int[image.getWidth()];
    for (int y = 0; y < image.getHeight(); y++) {
      image.getRGB(0, y, row.length, 1, row, 0, row.length);
      rgb.setRGB(0, y, row.length, 1, row, 0, row.length);
    }
    return rgb;
  }

  /** True if a format name asks for JPEG. */
  static boolean isJpeg(String format) {
    String f = format.trim().toLowerCase(Locale.ROOT);
    return f.equals("jpeg") || f.equals("jpg") || f.equals("image/jpeg");
  }
}
