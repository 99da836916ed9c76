package dev.unigen.provider.huggingface;

import java.util.Map;
import java.util.Optional;

/**
 * The Inference Providers behind {@code router.huggingface.co} this module speaks to, named as
 * Hugging Face names them (the first path segment of every routed URL).
 */
enum Route {
  /** Hugging Face's own serverless inference: {@code /hf-inference/models/{model}}, raw image bytes. */
  HF_INFERENCE("hf-inference"),
  /** fal's queue API: {@code /fal-ai/{falModelId}?_subdomain=queue}, then status and result polls. */
  FAL_AI("fal-ai"),
  /** Replicate's predictions API with {@code Prefer: wait}. */
  REPLICATE("replicate"),
  /** Together's images API, synchronous. */
  TOGETHER("together");

  /**
   * Providers Hugging Face dropped from its routing layer on 2026-07-01 (huggingface.js #2258),
   * with the reason a call to them is refused.
   */
  static final Map<String, String> REMOVED = Map.of(
      "nebius", "removed from Hugging Face routing on 2026-07-01",
      "black-forest-labs", "removed from Hugging Face routing on 2026-07-01",
      "clarifai", "removed from Hugging Face routing on 2026-07-01",
      "hyperbolic", "removed from Hugging Face routing on 2026-07-01",
      "nvidia", "removed from Hugging Face routing on 2026-07-01",
      "sambanova", "removed from Hugging Face routing on 2026-07-01");

  private final String id;

  Route(String id) {
    this.id = id;
  }

  /** The provider's id in router URLs and offer endpoints, such as {@code fal-ai}. */
  String id() {
    return id;
  }

  /** The route named {@code id}, if this module serves it. */
  static Optional<Route> of(String id) {
    for (Route r : values()) {
      if (r.id.equals(id)) return Optional.of(r);
    }
    return Optional.empty();
  }
}
