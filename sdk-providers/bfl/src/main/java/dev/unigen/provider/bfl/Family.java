package dev.unigen.provider.bfl;

import java.util.Locale;

/**
 * The request shapes BFL's endpoints take, told apart by the endpoint name in the offer. Each
 * family says which fields it has and how many input images it accepts.
 */
enum Family {
  /** FLUX.2 [pro] and [max]: prompt, input_image .. input_image_8, size in multiples of 16. */
  FLUX2(8, true, false, "jpeg"),
  /** FLUX.2 [flex]: as FLUX2, plus steps and guidance. */
  FLUX2_FLEX(8, true, true, "jpeg"),
  /** FLUX.2 [klein] 4B and 9B: as FLUX2, at most 4 input images. */
  FLUX2_KLEIN(4, true, false, "jpeg"),
  /** FLUX1.1 [pro]: prompt and a size from 256 to 1440 in multiples of 32. */
  PRO_11(0, true, false, "jpeg"),
  /** FLUX1.1 [pro] ultra: an aspect ratio instead of a size, and raw mode. */
  ULTRA(0, false, false, "jpeg"),
  /** FLUX.1 Kontext [pro] and [max]: input_image .. input_image_4 and an aspect ratio. */
  KONTEXT(4, false, false, "png"),
  /** FLUX.1 Fill [pro]: a base64 image and mask, steps and guidance. */
  FILL(0, false, true, "jpeg"),
  /** Any other endpoint an override catalog names (FLUX.1 [pro], [dev]): prompt, size, steps, guidance. */
  GENERIC(0, true, true, "jpeg");

  private final int inputSlots;
  private final boolean sized;
  private final boolean stepsAndGuidance;
  private final String defaultFormat;

  Family(int inputSlots, boolean sized, boolean stepsAndGuidance, String defaultFormat) {
    this.inputSlots = inputSlots;
    this.sized = sized;
    this.stepsAndGuidance = stepsAndGuidance;
    this.defaultFormat = defaultFormat;
  }

  /** The family of {@code endpoint}, such as {@code flux-2-klein-9b}. */
  static Family of(String endpoint) {
    String e = endpoint.toLowerCase(Locale.ROOT);
    if (e.equals("flux-2-flex")) return FLUX2_FLEX;
    if (e.startsWith("flux-2-klein")) return FLUX2_KLEIN;
    if (e.startsWith("flux-2-")) return FLUX2;
    if (e.startsWith("flux-pro-1.1-ultra")) return ULTRA;
    if (e.equals("flux-pro-1.1")) return PRO_11;
    if (e.startsWith("flux-kontext-")) return KONTEXT;
    if (e.startsWith("flux-pro-1.0-fill")) return FILL;
    return GENERIC;
  }

  /** How many {@code input_image*} fields the endpoint has (0: none). */
  int inputSlots() { return inputSlots; }
  /** True if it takes {@code width} and {@code height}. */
  boolean sized() { return sized; }
  /** True if it takes {@code steps} and {@code guidance}. */
  boolean stepsAndGuidance() { return stepsAndGuidance; }
  /** True for the FLUX.2 endpoints, priced per megapixel. */
  boolean flux2() { return this == FLUX2 || this == FLUX2_FLEX || this == FLUX2_KLEIN; }
  /** True if it takes an {@code aspect_ratio} instead of a size. */
  boolean aspectRatio() { return this == ULTRA || this == KONTEXT; }
  /** The output format BFL uses when none is sent. */
  String defaultFormat() { return defaultFormat; }
}
