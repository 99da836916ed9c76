package dev.unigen.provider.together;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.request.Size;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Turning aspect ratios into pixels. */
class ModelsTest {
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
}
