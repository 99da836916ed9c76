package dev.unigen.provider.fal;

/**
 * The input and output shape of a fal endpoint, told from its id. Endpoints of one family take
 * the same field names (checked against fal's model pages and the endpoint types of fal-js); an
 * endpoint no family knows gets the generic shape (prompt, image_size, num_images, seed, and an
 * {@code image_url} for an input image).
 */
enum Family {
  FLUX1, FLUX_PRO, FLUX_ULTRA, FLUX_LORA, LORA_TRAINING, FLUX2, FLUX2_PRO, Z_IMAGE, NANO_BANANA,
  DWPOSE, DEPTH, SAM3, SEEDVR, KLING, VEO, WAN, SEEDANCE, GENERIC;

  static Family of(String endpoint) {
    String e = endpoint;
    if (e.startsWith("fal-ai/flux/")) return FLUX1;
    if (e.startsWith("fal-ai/flux-pro/v1.1-ultra")) return FLUX_ULTRA;
    if (e.startsWith("fal-ai/flux-pro/")) return FLUX_PRO;
    if (e.startsWith("fal-ai/flux-lora-fast-training")) return LORA_TRAINING;
    if (e.equals("fal-ai/flux-lora") || e.startsWith("fal-ai/flux-lora/")) return FLUX_LORA;
    if (e.startsWith("fal-ai/flux-2-pro")) return FLUX2_PRO;
    if (e.equals("fal-ai/flux-2") || e.startsWith("fal-ai/flux-2/")) return FLUX2;
    if (e.startsWith("fal-ai/z-image/")) return Z_IMAGE;
    if (e.startsWith("fal-ai/nano-banana")) return NANO_BANANA;
    if (e.equals("fal-ai/dwpose")) return DWPOSE;
    if (e.equals("fal-ai/imageutils/depth")) return DEPTH;
    if (e.startsWith("fal-ai/sam-3/")) return SAM3;
    if (e.startsWith("fal-ai/seedvr/")) return SEEDVR;
    if (e.startsWith("fal-ai/kling-video/")) return KLING;
    if (e.startsWith("fal-ai/veo3")) return VEO;
    if (e.startsWith("fal-ai/wan-25-preview/") || e.startsWith("wan/")) return WAN;
    if (e.startsWith("fal-ai/bytedance/seedance/")) return SEEDANCE;
    return GENERIC;
  }

  /** Takes {@code image_size} as a preset name or {@code {width, height}}. */
  boolean takesImageSize() {
    return this == FLUX1 || this == FLUX_PRO || this == FLUX_LORA || this == FLUX2 || this == FLUX2_PRO
        || this == Z_IMAGE || this == GENERIC;
  }

  /** Takes {@code num_images}. */
  boolean takesCount() {
    return this == FLUX1 || this == FLUX_PRO || this == FLUX_ULTRA || this == FLUX_LORA || this == FLUX2
        || this == Z_IMAGE || this == NANO_BANANA || this == GENERIC;
  }

  /** Takes {@code seed}. */
  boolean takesSeed() {
    return this != KLING && this != DWPOSE && this != DEPTH && this != SAM3 && this != LORA_TRAINING;
  }

  /** Produces video. */
  boolean video() {
    return this == KLING || this == VEO || this == WAN || this == SEEDANCE;
  }
}
