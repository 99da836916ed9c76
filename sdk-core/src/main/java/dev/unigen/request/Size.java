package dev.unigen.request;

import java.util.Locale;
import java.util.Optional;

/**
 * A width and height in pixels, both positive. Immutable.
 */
public final class Size {
  private final int width;
  private final int height;

  private Size(int width, int height) {
    this.width = width;
    this.height = height;
  }

  /**
   * Returns the size {@code width}×{@code height}.
   *
   * @throws IllegalArgumentException if either is not positive
   */
  public static Size of(int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("size must be positive: " + width + "x" + height);
    }
    return new Size(width, height);
  }

  /**
   * Parses {@code "1024x768"}.
   *
   * @throws IllegalArgumentException if the text is not two positive integers joined by 'x'
   */
  public static Size parse(String text) {
    int x = text.indexOf('x');
    if (x <= 0 || x == text.length() - 1) throw new IllegalArgumentException("not a WxH size: " + text);
    try {
      return of(Integer.parseInt(text.substring(0, x)), Integer.parseInt(text.substring(x + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a WxH size: " + text, e);
    }
  }

  /**
   * The 16:9 frame a video resolution name stands for: {@code 480p} 854x480, {@code 720p}
   * 1280x720, {@code 1080p} 1920x1080, {@code 1440p} 2560x1440, {@code 2160p} or {@code 4k}
   * 3840x2160 (case ignored); empty for any other name.
   */
  public static Optional<Size> videoFrame(String resolution) {
    switch (resolution.toLowerCase(Locale.ROOT)) {
      case "480p": return Optional.of(P480);
      case "720p": return Optional.of(P720);
      case "1080p": return Optional.of(P1080);
      case "1440p": return Optional.of(P1440);
      case "2160p": case "4k": return Optional.of(P2160);
      default: return Optional.empty();
    }
  }

  private static final Size P480 = new Size(854, 480);
  private static final Size P720 = new Size(1280, 720);
  private static final Size P1080 = new Size(1920, 1080);
  private static final Size P1440 = new Size(2560, 1440);
  private static final Size P2160 = new Size(3840, 2160);

  /** Width in pixels. */
  public int width() {
    return width;
  }

  /** Height in pixels. */
  public int height() {
    return height;
  }

  /** Width times height. */
  public long pixels() {
    return (long) width * height;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Size && ((Size) o).width == width && ((Size) o).height == height;
  }

  @Override
  public int hashCode() {
    return 31 * width + height;
  }

  /** Returns {@code WIDTHxHEIGHT}. */
  @Override
  public String toString() {
    return width + "x" + height;
  }
}
