package dev.unigen.provider.sandbox;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.List;

/**
 * Paints the sandbox's "generated" pictures: a seed-derived gradient with a few discs, the prompt
 * in the middle and a label at the bottom. Every pixel is computed with integer or
 * {@link StrictMath} arithmetic, never with Java2D paints, so the same seed gives the same pixels
 * on every machine.
 */
final class Pictures {
  private Pictures() {}

  /**
   * Paints a {@code width}×{@code height} RGB picture for {@code seed}; {@code phase} (0 ≤ phase &lt; 1)
   * moves the colours and discs along, for video frames.
   */
  static BufferedImage paint(int width, int height, long seed, String prompt, String label, double phase) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] px = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    Rng rng = new Rng(seed);
    background(px, width, height, rng, phase);
    discs(px, width, height, rng, phase);
    if (width >= 24 && height >= 24) {
      text(px, width, height, PixelFont.printable(prompt), PixelFont.printable(label));
    }
    return image;
  }

  private static void background(int[] px, int w, int h, Rng rng, double phase) {
    float hue = (float) rng.nextDouble();
    float sat = (float) (0.45 + 0.35 * rng.nextDouble());
    float drift = (float) (0.25 * phase);
    int from = Color.HSBtoRGB(hue + drift, sat, 0.92f);
    int to = Color.HSBtoRGB(hue + 0.2f + (float) (0.3 * rng.nextDouble()) + drift, sat, 0.42f);
    double angle = rng.nextDouble() * 2 * StrictMath.PI;
    double dx = StrictMath.cos(angle);
    double dy = StrictMath.sin(angle);
    // The projection onto (dx, dy) runs between its values at two opposite corners.
    double min = Math.min(0, dx * (w - 1)) + Math.min(0, dy * (h - 1));
    double span = Math.abs(dx) * (w - 1) + Math.abs(dy) * (h - 1);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int t = span == 0 ? 0 : (int) ((x * dx + y * dy - min) / span * 256);
        px[y * w + x] = mix(from, to, Math.max(0, Math.min(256, t)));
      }
    }
  }

  private static void discs(int[] px, int w, int h, Rng rng, double phase) {
    int n = 3 + rng.nextInt(3);
    int side = Math.min(w, h);
    for (int i = 0; i < n; i++) {
      double speed = (rng.nextDouble() - 0.5) * 0.6;
      int cx = (int) (Math.floorMod((long) ((rng.nextDouble() + speed * phase) * w), (long) w));
      int cy = (int) (rng.nextDouble() * h);
      int r = Math.max(1, (int) ((0.06 + 0.16 * rng.nextDouble()) * side));
      int colour = Color.HSBtoRGB((float) rng.nextDouble(), 0.55f, 0.95f);
      long r2 = (long) r * r;
      for (int y = Math.max(0, cy - r); y < Math.min(h, cy + r + 1); y++) {
        for (int x = Math.max(0, cx - r); x < Math.min(w, cx + r + 1); x++) {
          long d2 = (long) (x - cx) * (x - cx) + (long) (y - cy) * (y - cy);
          if (d2 <= r2) px[y * w + x] = mix(px[y * w + x], colour, 90);
        }
      }
    }
  }

  private static void text(int[] px, int w, int h, String prompt, String label) {
    int scale = Math.max(1, Math.min(w, h) / 170);
    int margin = Math.max(2, w / 16);
    int columns = (w - 2 * margin + scale) / (PixelFont.ADVANCE * scale);
    int maxLines = Math.max(1, h / 2 / (PixelFont.LINE * scale));
    List<String> lines = PixelFont.wrap(prompt, columns, maxLines);
    if (!lines.isEmpty()) {
      int lineHeight = PixelFont.LINE * scale;
      int top = (h - lines.size() * lineHeight) / 2;
      darken(px, w, h, margin / 2, top - 2 * scale, w - margin / 2, top + lines.size() * lineHeight + scale);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        int x = (w - PixelFont.width(line, scale)) / 2;
        int y = top + i * lineHeight;
        PixelFont.draw(px, w, h, line, x + scale, y + scale, scale, 0xff000000);
        PixelFont.draw(px, w, h, line, x, y, scale, 0xffffffff);
      }
    }
    int small = Math.max(1, scale / 2);
    int labelColumns = (w - margin) / (PixelFont.ADVANCE * small);
    List<String> labelLines = PixelFont.wrap(label, labelColumns, 1);
    if (!labelLines.isEmpty()) {
      String line = labelLines.get(0);
      int y = h - (PixelFont.GLYPH_HEIGHT + 2) * small - Math.max(1, margin / 4);
      darken(px, w, h, 0, y - small, w, h);
      PixelFont.draw(px, w, h, line, margin / 2, y, small, 0xffe0e0e0);
    }
  }

  /** Halves every channel inside the rectangle, so white text reads on any background. */
  private static void darken(int[] px, int w, int h, int x0, int y0, int x1, int y1) {
    for (int y = Math.max(0, y0); y < Math.min(h, y1); y++) {
      for (int x = Math.max(0, x0); x < Math.min(w, x1); x++) {
        px[y * w + x] = 0xff000000 | (px[y * w + x] >> 1) & 0x7f7f7f;
      }
    }
  }

  /** Mixes two opaque RGB colours, {@code t}/256 of the way from {@code a} to {@code b}. */
  static int mix(int a, int b, int t) {
    int r = ((a >> 16 & 0xff) * (256 - t) + (b >> 16 & 0xff) * t) >> 8;
    int g = ((a >> 8 & 0xff) * (256 - t) + (b >> 8 & 0xff) * t) >> 8;
    int bl = ((a & 0xff) * (256 - t) + (b & 0xff) * t) >> 8;
    return 0xff000000 | r << 16 | g << 8 | bl;
  }
}
