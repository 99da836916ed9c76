package dev.unigen.pricing;

import dev.unigen.request.Request;
import dev.unigen.request.Task;

/** Small helpers for price rule tests. */
final class Rules {
  private Rules() {}

  /** Parses a rule from JSON with single quotes for readability. */
  static PriceRule rule(String json) {
    return PriceRule.fromJson(json.replace('\'', '"'));
  }

  static Request.Builder image(int w, int h) {
    return Request.builder(Task.TEXT_TO_IMAGE).prompt("a red bicycle").size(w, h);
  }

  static Request.Builder video(long seconds) {
    return Request.builder(Task.TEXT_TO_VIDEO).prompt("a bicycle rides away")
        .duration(java.time.Duration.ofSeconds(seconds));
  }
}
