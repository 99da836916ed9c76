package dev.unigen.spi.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.request.Size;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import javax.imageio.ImageIO;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading sizes from image headers. */
class ImageProbeTest {
  @Test
  void pngAndJpegHeadersGiveTheirSize() {
    assertEquals(Optional.of(Size.of(1344, 768)), ImageProbe.size(png(1344, 768)));
    assertEquals(Optional.of(Size.of(832, 1248)), ImageProbe.size(jpeg(832, 1248)));
  }

  @Test
  void webpHeadersGiveTheirSize() {
    // RIFF....WEBPVP8X: canvas width-1 and height-1 as 24-bit little-endian numbers at 24 and 27
    byte[] vp8x = new byte[30];
    put(vp8x, 0, "RIFF");
    put(vp8x, 8, "WEBPVP8X");
    vp8x[24] = (byte) 0xFF; vp8x[25] = 0x03;   // 1023 -> 1024 wide
    vp8x[27] = (byte) 0xFF; vp8x[28] = 0x02;   // 767 -> 768 high
    assertEquals(Optional.of(Size.of(1024, 768)), ImageProbe.size(vp8x));
  }

  @Test
  void otherOrTruncatedContentHasNoSize() {
    assertTrue(ImageProbe.size(new byte[] {1, 2, 3}).isEmpty());
    assertTrue(ImageProbe.size("not an image at all, just text".getBytes()).isEmpty());
    byte[] png = png(64, 64);
    assertTrue(ImageProbe.size(Arrays.copyOf(png, 20)).isEmpty());
    byte[] jpeg = jpeg(64, 64);
    assertTrue(ImageProbe.size(Arrays.copyOf(jpeg, 12)).isEmpty());
  }


  private static byte[] png(int width, int height) {
    return encode(width, height, "png", BufferedImage.TYPE_INT_ARGB);
  }

  private static byte[] jpeg(int width, int height) {
    return encode(width, height, "jpeg", BufferedImage.TYPE_INT_RGB);
  }

  private static byte[] encode(int width, int height, String format, int type) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(new BufferedImage(width, height, type), format, out)) throw new IllegalStateException(format);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void put(byte[] b, int at, String s) {
    for (int i = 0; i < s.length(); i++) b[at + i] = (byte) s.charAt(i);
  }
}
