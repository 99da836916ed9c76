package dev.unigen.provider.together;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.request.Size;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading sizes from image headers, and turning aspect ratios into pixels. */
class ImageSizeTest {
  @Test
  void pngAndJpegHeadersGiveTheirSize() {
    assertEquals(Optional.of(Size.of(1344, 768)), ImageHeaders.size(Fixtures.png(1344, 768)));
    assertEquals(Optional.of(Size.of(832, 1248)), ImageHeaders.size(Fixtures.jpeg(832, 1248)));
  }

  @Test
  void webpHeadersGiveTheirSize() {
    // RIFF....WEBPVP8X: canvas width-1 and height-1 as 24-bit little-endian numbers at 24 and 27
    byte[] vp8x = new byte[30];
    put(vp8x, 0, "RIFF");
    put(vp8x, 8, "WEBPVP8X");
    vp8x[24] = (byte) 0xFF; vp8x[25] = 0x03;   // 1023 -> 1024 wide
    vp8x[27] = (byte) 0xFF; vp8x[28] = 0x02;   // 767 -> 768 high
    assertEquals(Optional.of(Size.of(1024, 768)), ImageHeaders.size(vp8x));
  }

  @Test
  void otherOrTruncatedContentHasNoSize() {
    assertTrue(ImageHeaders.size(new byte[] {1, 2, 3}).isEmpty());
    assertTrue(ImageHeaders.size("not an image at all, just text".getBytes()).isEmpty());
    byte[] png = Fixtures.png(64, 64);
    assertTrue(ImageHeaders.size(Arrays.copyOf(png, 20)).isEmpty());
    byte[] jpeg = Fixtures.jpeg(64, 64);
    assertTrue(ImageHeaders.size(Arrays.copyOf(jpeg, 12)).isEmpty());
  }

  @Test
  void aspectRatiosBecomeTheDocumentedSizesOrAboutOneMegapixel() {
    assertEquals(Optional.of(Size.of(1024, 1024)), Models.sizeFor("1:1"));
    assertEquals(Optional.of(Size.of(1344, 768)), Models.sizeFor("16:9"));
    assertEquals(Optional.of(Size.of(1184, 864)), Models.sizeFor(" 4:3 "));
    // sqrt(2^20 x 5/4) = 1144.9 -> 1152 (72 x 16); sqrt(2^20 x 4/5) = 915.9 -> 912 (57 x 16)
    assertEquals(Optional.of(Size.of(1152, 912)), Models.sizeFor("5:4"));
    assertTrue(Models.sizeFor("wide").isEmpty());
    assertTrue(Models.sizeFor("0:1").isEmpty());
  }

  private static void put(byte[] b, int at, String s) {
    for (int i = 0; i < s.length(); i++) b[at + i] = (byte) s.charAt(i);
  }
}
