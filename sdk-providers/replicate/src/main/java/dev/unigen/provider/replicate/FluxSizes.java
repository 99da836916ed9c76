package dev.unigen.provider.replicate;

import dev.unigen.request.Size;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The output sizes of {@code black-forest-labs/flux-schnell} and {@code flux-dev}: each
 * {@code aspect_ratio} at {@code megapixels} "1", halved on both sides at "0.25" (Replicate's
 * cog-flux {@code ASPECT_RATIOS} and {@code size_from_aspect_megapixels}). The size of every
 * output follows from the input, so the usage carries real sizes.
 */
final class FluxSizes {
  static final Map<String, Size> ONE_MEGAPIXEL = new LinkedHashMap<>();

  static {
    ONE_MEGAPIXEL.put("1:1", Size.of(1024, 1024));
    ONE_MEGAPIXEL.put("16:9", Size.of(1344, 768));
    ONE_MEGAPIXEL.put("21:9", Size.of(1536, 640));
    ONE_MEGAPIXEL.put("3:2", Size.of(1216, 832));
    ONE_MEGAPIXEL.put("2:3", Size.of(832, 1216));
    ONE_MEGAPIXEL.put("4:5", Size.of(896, 1088));
    ONE_MEGAPIXEL.put("5:4", Size.of(1088, 896));
    ONE_MEGAPIXEL.put("3:4", Size.of(896, 1152));
    ONE_MEGAPIXEL.put("4:3", Size.of(1152, 896));
    ONE_MEGAPIXEL.put("9:16", Size.of(768, 1344));
    ONE_MEGAPIXEL.put("9:21", Size.of(640, 1536));
  }

  private FluxSizes() {}

  /** The size made for {@code ratio} at {@code megapixels} ("1" or "0.25"), if the ratio is known. */
  static Optional<Size> size(String ratio, String megapixels) {
    Size s = ONE_MEGAPIXEL.get(ratio);
    if (s == null) return Optional.empty();
    return Optional.of("0.25".equals(megapixels) ? Size.of(s.width() / 2, s.height() / 2) : s);
  }

  /** The {@code aspect_ratio} and {@code megapixels} that make exactly {@code size}, as a two-element array. */
  static Optional<String[]> inputsFor(Size size) {
    for (Map.Entry<String, Size> e : ONE_MEGAPIXEL.entrySet()) {
      if (e.getValue().equals(size)) return Optional.of(new String[] {e.getKey(), "1"});
      if (Size.of(e.getValue().width() / 2, e.getValue().height() / 2).equals(size)) {
        return Optional.of(new String[] {e.getKey(), "0.25"});
      }
    }
    return Optional.empty();
  }
}
