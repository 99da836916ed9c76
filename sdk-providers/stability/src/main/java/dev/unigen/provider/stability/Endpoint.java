package dev.unigen.provider.stability;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An offer's endpoint as written in the catalog: a path below the base URL, optionally followed
 * by {@code ?name=value&…} fields that the offer always sends in the form (not in the URL), as in
 * {@code /v2beta/stable-image/generate/sd3?model=sd3.5-large}. Knows, for the paths Stability
 * documents, which form fields the endpoint takes, which output formats it makes, and whether it
 * answers at once or with a generation id to poll. Immutable.
 */
final class Endpoint {
  /** Where asynchronous results are fetched: {@code GET /v2beta/results/{id}}. */
  static final String RESULTS_PATH = "/v2beta/results/";

  private static final String STABLE_IMAGE = "/stable-image/";
  private static final List<String> ALL_FORMATS = List.of("png", "jpeg", "webp");

  /** The text fields each documented endpoint takes, by the path after {@code /stable-image/}. */
  private static final Map<String, Set<String>> FIELDS = Map.ofEntries(
      Map.entry("generate/ultra", Set.of("prompt", "negative_prompt", "aspect_ratio", "seed", "output_format", "strength")),
      Map.entry("generate/core", Set.of("prompt", "negative_prompt", "aspect_ratio", "seed", "output_format")),
      Map.entry("generate/sd3", Set.of("prompt", "mode", "strength", "aspect_ratio", "model", "seed", "output_format",
          "negative_prompt", "cfg_scale")),
      Map.entry("edit/inpaint", Set.of("prompt", "negative_prompt", "seed", "output_format")),
      Map.entry("edit/erase", Set.of("seed", "output_format")),
      Map.entry("edit/search-and-replace", Set.of("prompt", "negative_prompt", "seed", "output_format")),
      Map.entry("edit/remove-background", Set.of("output_format")),
      Map.entry("control/sketch", Set.of("prompt", "control_strength", "negative_prompt", "seed", "output_format")),
      Map.entry("control/structure", Set.of("prompt", "control_strength", "negative_prompt", "seed", "output_format")),
      Map.entry("control/style", Set.of("prompt", "negative_prompt", "aspect_ratio", "fidelity", "seed", "output_format")),
      Map.entry("upscale/fast", Set.of("output_format")),
      Map.entry("upscale/conservative", Set.of("prompt", "negative_prompt", "seed", "creativity", "output_format")),
      Map.entry("upscale/creative", Set.of("prompt", "negative_prompt", "seed", "creativity", "output_format")));

  /** The file fields each documented endpoint takes. */
  private static final Map<String, Set<String>> FILES = Map.ofEntries(
      Map.entry("generate/ultra", Set.of("image")),
      Map.entry("generate/core", Set.of()),
      Map.entry("generate/sd3", Set.of("image")),
      Map.entry("edit/inpaint", Set.of("image", "mask")),
      Map.entry("edit/erase", Set.of("image", "mask")),
      Map.entry("edit/search-and-replace", Set.of("image")),
      Map.entry("edit/remove-background", Set.of("image")),
      Map.entry("control/sketch", Set.of("image")),
      Map.entry("control/structure", Set.of("image")),
      Map.entry("control/style", Set.of("image")),
      Map.entry("upscale/fast", Set.of("image")),
      Map.entry("upscale/conservative", Set.of("image")),
      Map.entry("upscale/creative", Set.of("image")));

  /** Output formats where an endpoint takes fewer than all three. */
  private static final Map<String, List<String>> FORMATS = Map.of(
      "generate/sd3", List.of("png", "jpeg"),
      "edit/remove-background", List.of("png", "webp"));

  /** Endpoints that answer {@code {"id": ...}} and are fetched from the results path. */
  private static final Set<String> ASYNC = Set.of("upscale/creative", "edit/replace-background-and-relight");

  private final String path;
  private final String family;
  private final Map<String, String> fixed;

  private Endpoint(String path, String family, Map<String, String> fixed) {
    this.path = path;
    this.family = family;
    this.fixed = fixed;
  }

  /**
   * Parses a catalog endpoint.
   *
   * @throws IllegalArgumentException if it is not a path starting with {@code /}, or a fixed field has no {@code =}
   */
  static Endpoint parse(String endpoint) {
    if (endpoint == null || !endpoint.startsWith("/")) {
      throw new IllegalArgumentException("a Stability endpoint is a path such as /v2beta/stable-image/generate/core: " + endpoint);
    }
    int q = endpoint.indexOf('?');
    String path = q < 0 ? endpoint : endpoint.substring(0, q);
    Map<String, String> fixed = new LinkedHashMap<>();
    if (q >= 0) {
      for (String pair : endpoint.substring(q + 1).split("&")) {
        if (pair.isEmpty()) continue;
        int eq = pair.indexOf('=');
        if (eq <= 0) throw new IllegalArgumentException("endpoint field without a value: " + pair + " in " + endpoint);
        fixed.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    int at = path.indexOf(STABLE_IMAGE);
    String family = at < 0 ? path : path.substring(at + STABLE_IMAGE.length());
    return new Endpoint(path, family, Collections.unmodifiableMap(fixed));
  }

  /** The path below the base URL. */
  String path() {
    return path;
  }

  /** The path after {@code /stable-image/}, such as {@code generate/sd3}. */
  String family() {
    return family;
  }

  /** Fields the offer always sends, such as {@code model=sd3.5-large}. */
  Map<String, String> fixedFields() {
    return fixed;
  }

  /** True for a path this module knows the fields of. */
  boolean documented() {
    return FIELDS.containsKey(family);
  }

  /** True if the endpoint takes text field {@code name}; an undocumented path is assumed to take any. */
  boolean takes(String name) {
    Set<String> f = FIELDS.get(family);
    return f == null || f.contains(name);
  }

  /** True if the endpoint takes file field {@code name}; an undocumented path is assumed to take an image and a mask. */
  boolean takesFile(String name) {
    Set<String> f = FILES.get(family);
    return f == null ? name.equals("image") || name.equals("mask") : f.contains(name);
  }

  /** True if the endpoint cannot run without a prompt. */
  boolean needsPrompt() {
    return documented() && takes("prompt");
  }

  /** True if the endpoint cannot run without an input image. */
  boolean needsImage() {
    return documented() && takesFile("image") && !family.startsWith("generate/");
  }

  /** True for the Stable Diffusion 3 endpoint, which takes {@code mode} and {@code model}. */
  boolean isSd3() {
    return family.equals("generate/sd3");
  }

  /** True for the endpoints that switch to image-to-image when given an image. */
  boolean isGenerate() {
    return family.startsWith("generate/");
  }

  /** The output formats the endpoint makes. */
  List<String> outputFormats() {
    return FORMATS.getOrDefault(family, ALL_FORMATS);
  }

  /** True if the endpoint answers with a generation id to poll instead of the image. */
  boolean async() {
    return ASYNC.contains(family);
  }

  @Override
  public String toString() {
    return fixed.isEmpty() ? path : path + " " + fixed;
  }
}
