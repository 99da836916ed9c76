package dev.unigen.provider.sandbox;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * The sandbox's image-to-image operations: bicubic upscaling, corner-colour background removal,
 * and crude stand-ins for the preprocessors (Sobel edges, luminance as depth, a fixed pose
 * skeleton, a subject mask). They are deterministic and quick, not good.
 */
final class ImageOps {
  /** Squared RGB distance under which a pixel counts as background (a distance of 48). */
  private static final int BACKGROUND_DISTANCE2 = 48 * 48;

  /** OpenPose-style keypoints of a standing figure, as fractions of its box. */
  private static final double[][] JOINTS = {
      {0.50, 0.08}, {0.50, 0.22}, // 0 nose, 1 neck
      {0.30, 0.22}, {0.22, 0.42}, {0.18, 0.60}, // 2-4 right shoulder, elbow, wrist
      {0.70, 0.22}, {0.78, 0.42}, {0.82, 0.60}, // 5-7 left shoulder, elbow, wrist
      {0.38, 0.55}, {0.36, 0.77}, {0.35, 0.98}, // 8-10 right hip, knee, ankle
      {0.62, 0.55}, {0.64, 0.77}, {0.65, 0.98}, // 11-13 left hip, knee, ankle
  };
  private static final int[][] LIMBS = {
      {1, 0}, {1, 2}, {2, 3}, {3, 4}, {1, 5}, {5, 6}, {6, 7},
      {1, 8}, {8, 9}, {9, 10}, {1, 11}, {11, 12}, {12, 13},
  };

  private ImageOps() {}

  /** {@code source} enlarged {@code factor} times with bicubic interpolation; alpha is kept. */
  static BufferedImage upscale(BufferedImage source, int factor) {
    int w = source.getWidth() * factor;
    int h = source.getHeight() * factor;
    boolean alpha = source.getColorModel().hasAlpha();
    BufferedImage out = new BufferedImage(w, h, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(source, 0, 0, w, h, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  /** {@code source} with every pixel close to one of its four corner colours made transparent. */
  static BufferedImage removeBackground(BufferedImage source) {
    int w = source.getWidth();
    int h = source.getHeight();
    int[] px = source.getRGB(0, 0, w, h, null, 0, w);
    boolean[] subject = subject(px, w, h);
    for (int i = 0; i < px.length; i++) {
      if (!subject[i]) px[i] &= 0x00ffffff;
    }
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    out.setRGB(0, 0, w, h, px, 0, w);
    return out;
  }

  /** A mask: the subject white, the background black. */
  static BufferedImage segmentation(BufferedImage source) {
    int w = source.getWidth();
    int h = source.getHeight();
    boolean[] subject = subject(source.getRGB(0, 0, w, h, null, 0, w), w, h);
    int[] px = new int[w * h];
    for (int i = 0; i < px.length; i++) px[i] = subject[i] ? 0xffffffff : 0xff000000;
    return rgb(px, w, h);
  }

  /** Luminance as depth: brighter reads as nearer, as in MiDaS-style maps. */
  static BufferedImage depth(BufferedImage source) {
    int w = source.getWidth();
    int h = source.getHeight();
    int[] lum = luminance(source);
    int[] px = new int[w * h];
    for (int i = 0; i < px.length; i++) px[i] = gray(lum[i]);
    return rgb(px, w, h);
  }

  /** Sobel edge magnitude, white edges on black like a canny map. */
  static BufferedImage edges(BufferedImage source) {
    int w = source.getWidth();
    int h = source.getHeight();
    int[] lum = luminance(source);
    int[] px = new int[w * h];
    Arrays.fill(px, 0xff000000);
    for (int y = 1; y < h - 1; y++) {
      for (int x = 1; x < w - 1; x++) {
        int i = y * w + x;
        int gx = -lum[i - w - 1] - 2 * lum[i - 1] - lum[i + w - 1] + lum[i - w + 1] + 2 * lum[i + 1] + lum[i + w + 1];
        int gy = -lum[i - w - 1] - 2 * lum[i - w] - lum[i - w + 1] + lum[i + w - 1] + 2 * lum[i + w] + lum[i + w + 1];
        int magnitude = (int) StrictMath.sqrt((double) gx * gx + (double) gy * gy);
        px[i] = gray(Math.min(255, magnitude));
      }
    }
    return rgb(px, w, h);
  }

  /** A fixed standing skeleton in OpenPose colours on black, fitted to the subject's bounding box. */
  static BufferedImage pose(BufferedImage source) {
    int w = source.getWidth();
    int h = source.getHeight();
    boolean[] subject = subject(source.getRGB(0, 0, w, h, null, 0, w), w, h);
    int minX = w, minY = h, maxX = -1, maxY = -1;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (!subject[y * w + x]) continue;
        minX = Math.min(minX, x); maxX = Math.max(maxX, x);
        minY = Math.min(minY, y); maxY = Math.max(maxY, y);
      }
    }
    if (maxX - minX < 8 || maxY - minY < 8) { // no subject found: use the middle of the frame
      minX = w / 4; maxX = w * 3 / 4; minY = h / 10; maxY = h * 9 / 10;
    }
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
      int stroke = Math.max(2, Math.min(w, h) / 100);
      g.setStroke(new BasicStroke(stroke, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      int[][] at = new int[JOINTS.length][];
      for (int i = 0; i < JOINTS.length; i++) {
        at[i] = new int[] {minX + (int) (JOINTS[i][0] * (maxX - minX)), minY + (int) (JOINTS[i][1] * (maxY - minY))};
      }
      for (int i = 0; i < LIMBS.length; i++) {
        g.setColor(Color.getHSBColor(i / (float) LIMBS.length, 1f, 1f));
        int[] a = at[LIMBS[i][0]];
        int[] b = at[LIMBS[i][1]];
        g.drawLine(a[0], a[1], b[0], b[1]);
      }
      int r = stroke * 2;
      for (int i = 0; i < at.length; i++) {
        g.setColor(Color.getHSBColor(i / (float) at.length, 1f, 1f));
        g.fillOval(at[i][0] - r, at[i][1] - r, 2 * r, 2 * r);
      }
    } finally {
      g.dispose();
    }
    return out;
  }

  /** Which pixels are not close to any of the four corner colours. */
  private static boolean[] subject(int[] px, int w, int h) {
    int[] corners = {px[0], px[w - 1], px[(h - 1) * w], px[h * w - 1]};
    boolean[] subject = new boolean[px.length];
    for (int i = 0; i < px.length; i++) {
      boolean background = false;
      for (int c : corners) {
        if (distance2(px[i], c) <= BACKGROUND_DISTANCE2) { background = true; break; }
      }
      subject[i] = !background;
    }
    return subject;
  }

  private static int distance2(int a, int b) {
    int dr = (a >> 16 & 0xff) - (b >> 16 & 0xff);
    int dg = (a >> 8 & 0xff) - (b >> 8 & 0xff);
    int db = (a & 0xff) - (b & 0xff);
    return dr * dr + dg * dg + db * db;
  }

  private static int[] luminance(BufferedImage source) {
    int w = source.getWidth();
    int h = source.getHeight();
    int[] px = source.getRGB(0, 0, w, h, null, 0, w);
    for (int i = 0; i < px.length; i++) {
      int p = px[i];
      px[i] = ((p >> 16 & 0xff) * 299 + (p >> 8 & 0xff) * 587 + (p & 0xff) * 114) / 1000;
    }
    return px;
  }

  private static int gray(int v) {
    return 0xff000000 | v << 16 | v << 8 | v;
  }

  private static BufferedImage rgb(int[] px, int w, int h) {
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    out.setRGB(0, 0, w, h, px, 0, w);
    return out;
  }
}
