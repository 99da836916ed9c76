package dev.unigen.provider.huggingface.wire;

import dev.unigen.spi.http.Json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.request.Size;
import dev.unigen.spi.http.ImageProbe;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The wire helpers on their own: image headers (with the kit's probe), loading bodies, ratios and JSON writing. */
class WireTest {
  private static byte[] webp(String chunk, byte[] data) {
    byte[] b = new byte[40];
    System.arraycopy("RIFF".getBytes(), 0, b, 0, 4);
    System.arraycopy("WEBP".getBytes(), 0, b, 8, 4);
    System.arraycopy(chunk.getBytes(), 0, b, 12, 4);
    System.arraycopy(data, 0, b, 20, data.length);
    return b;
  }

  @Test
  void readsWebpSizes() {
    // VP8X: canvas width-1 and height-1 as 24-bit little endian at 24 and 27: 1023 x 767
    byte[] vp8x = webp("VP8X", new byte[] {0, 0, 0, 0, (byte) 0xFF, 0x03, 0, (byte) 0xFF, 0x02, 0});
    assertEquals(Optional.of(Size.of(1024, 768)), ImageProbe.size(vp8x));
    // VP8 (lossy): frame tag, start code 9d 01 2a, then 14-bit width and height: 640 x 480
    byte[] vp8 = webp("VP8 ", new byte[] {0, 0, 0, (byte) 0x9d, 0x01, 0x2a, (byte) 0x80, 0x02, (byte) 0xE0, 0x01});
    assertEquals(Optional.of(Size.of(640, 480)), ImageProbe.size(vp8));
    // VP8L: signature 0x2f, then width-1 (14 bits) and height-1 (14 bits): 2 x 3
    int bits = 1 | (2 << 14);
    byte[] vp8l = webp("VP8L", new byte[] {0x2f, (byte) bits, (byte) (bits >> 8), (byte) (bits >> 16), (byte) (bits >> 24)});
    assertEquals(Optional.of(Size.of(2, 3)), ImageProbe.size(vp8l));
    assertTrue(ImageProbe.size(new byte[] {1, 2, 3}).isEmpty());
    assertTrue(ImageProbe.size(Arrays.copyOf(new byte[] {(byte) 0xFF, (byte) 0xD8}, 4)).isEmpty());
  }

  @Test
  void recognisesLoadingBodiesOnly() {
    HfInferenceWire.Loading l = HfInferenceWire.loading("{\"error\":\"Model x is currently loading\",\"estimated_time\":35.6677131652832}").orElseThrow();
    assertEquals(new BigDecimal("35.6677131652832"), l.estimatedSeconds().orElseThrow());
    assertEquals("Model x is currently loading", l.message());
    assertTrue(HfInferenceWire.loading("{\"error\":\"Model x is currently loading\"}").orElseThrow().estimatedSeconds().isEmpty());
    assertTrue(HfInferenceWire.loading("{\"error\":\"Service Unavailable\"}").isEmpty());
    assertTrue(HfInferenceWire.loading("<html>503</html>").isEmpty());
    assertTrue(HfInferenceWire.loading("").isEmpty());
  }

  @Test
  void ratiosBecomeSizesOfAboutOneMegapixel() {
    assertEquals(Size.of(1024, 1024), TextToImageParams.sizeFor("1:1"));
    assertEquals(Size.of(768, 1344), TextToImageParams.sizeFor("9:16"));
    assertEquals(Size.of(1152, 896), TextToImageParams.sizeFor("4:3"));
    assertNull(TextToImageParams.sizeFor("wide"));
    assertNull(TextToImageParams.sizeFor("0:1"));
  }

  @Test
  void writesExactNumbersNestedValuesAndLeavesNullsOut() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("a", new BigDecimal("0.00012"));
    body.put("b", List.of(1, 2L, true, "x"));
    body.put("c", null);
    body.put("d", Map.of("e", 0.5d));
    body.put("seed", Long.MAX_VALUE);
    assertEquals("{\"a\":0.00012,\"b\":[1,2,true,\"x\"],\"d\":{\"e\":0.5},\"seed\":9223372036854775807}",
        new String(Json.bytes(body)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Json.bytes(Map.of("when", new Object())));
    assertTrue(e.getMessage().startsWith("$.when"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Json.bytes(Map.of("x", Double.NaN)));
  }
}
