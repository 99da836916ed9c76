package dev.unigen.request;

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
