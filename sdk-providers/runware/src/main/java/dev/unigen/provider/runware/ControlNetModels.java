package dev.unigen.provider.runware;

import dev.unigen.InvalidRequestException;
import dev.unigen.request.ControlNet;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The ControlNet models Runware documents for each base model family, as AIR ids for
 * {@code controlNet[].model}. A ControlNet must match its base model's architecture, so the
 * table is keyed by the logical model of the offer.
 *
 * <ul>
 *   <li>FLUX.1 [dev] ({@code flux-dev}): Canny {@code runware:25@1}, Tile {@code runware:26@1},
 *       Depth {@code runware:27@1}, Pose (OpenPose) {@code runware:29@1} — the "Basic ControlNet
 *       models" table of runware.ai/docs/en/image-inference/models and the FLUX.1 [dev] schema.</li>
 *   <li>SDXL ({@code sdxl}): Canny {@code runware:20@1} (same table), Depth {@code runware:3@1}
 *       (the SDXL architecture schema lists {@code 'runware:20@1' | 'runware:3@1'}).</li>
 * </ul>
 */
final class ControlNetModels {
  private static final Map<String, Map<ControlNet.Kind, String>> BY_MODEL = Map.of(
      "flux-dev", table(new Object[][] {
          {ControlNet.Kind.CANNY, "runware:25@1"},
          {ControlNet.Kind.TILE, "runware:26@1"},
          {ControlNet.Kind.DEPTH, "runware:27@1"},
          {ControlNet.Kind.OPENPOSE, "runware:29@1"}}),
      "sdxl", table(new Object[][] {
          {ControlNet.Kind.CANNY, "runware:20@1"},
          {ControlNet.Kind.DEPTH, "runware:3@1"}}));

  private ControlNetModels() {}

  /** The AIR of the {@code kind} ControlNet for logical model {@code model}, if Runware has one. */
  static Optional<String> air(String model, ControlNet.Kind kind) {
    return Optional.ofNullable(BY_MODEL.getOrDefault(model, Map.of()).get(kind));
  }

  /**
   * The AIR of the {@code kind} ControlNet for {@code model}.
   *
   * @throws InvalidRequestException if Runware documents none
   */
  static String require(String provider, String model, ControlNet.Kind kind) {
    return air(model, kind).orElseThrow(() -> new InvalidRequestException(provider,
        "Runware documents no " + kind.wireName() + " ControlNet for " + model));
  }

  private static Map<ControlNet.Kind, String> table(Object[][] rows) {
    Map<ControlNet.Kind, String> m = new EnumMap<>(ControlNet.Kind.class);
    for (Object[] r : rows) m.put((ControlNet.Kind) r[0], (String) r[1]);
    return m;
  }
}
