package dev.unigen.provider.huggingface.wire;

import dev.unigen.spi.http.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code replicate} route's wire format, Replicate's predictions API behind the router:
 * {@code POST /replicate/v1/models/{owner}/{name}/predictions} (or {@code /v1/predictions} with a
 * {@code version} for a versioned model id {@code owner/name:version}) with {@code Prefer: wait}
 * and {@code {"input": {prompt, ...}}}, answered with a prediction
 * {@code {id, status, output, error, metrics {predict_time}}}. The input carries the task
 * parameters under the names Hugging Face's clients pass them ({@code width}, {@code height},
 * {@code num_inference_steps}, {@code guidance_scale}, {@code negative_prompt}, {@code seed});
 * each Replicate model takes the ones its own schema has.
 *
 * <p>Part of the module's wire layer, not of Unigen's API. Threadsafe (stateless).
 */
public final class ReplicateWire {
  private ReplicateWire() {}

  /**
   * The request body for {@code version} (null for an official model addressed by name);
   * {@link TextToImageParams#extras()} are added to {@code input}.
   */
  public static byte[] requestBody(TextToImageParams p, String version) {
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("prompt", p.prompt());
    if (p.size().isPresent() && !p.sizeDerived()) {
      input.put("width", p.size().get().width());
      input.put("height", p.size().get().height());
    }
    p.aspectRatio().ifPresent(a -> input.put("aspect_ratio", a));
    p.steps().ifPresent(s -> input.put("num_inference_steps", s));
    p.guidance().ifPresent(g -> input.put("guidance_scale", g));
    p.negativePrompt().ifPresent(n -> input.put("negative_prompt", n));
    p.seed().ifPresent(s -> input.put("seed", s));
    if (p.count() > 1) input.put("num_outputs", p.count());
    p.outputFormat().ifPresent(f -> input.put("output_format", f.equals("jpeg") ? "jpg" : f));
    input.putAll(p.extras());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("input", input);
    if (version != null) body.put("version", version);
    return Json.bytes(body);
  }

  /** A prediction. Immutable. */
  public static final class Prediction {
    private final String id;
    private final String status;
    private final List<String> outputs;
    private final String error;
    private final BigDecimal predictTime;

    Prediction(String id, String status, List<String> outputs, String error, BigDecimal predictTime) {
      this.id = id;
      this.status = status;
      this.outputs = List.copyOf(outputs);
      this.error = error;
      this.predictTime = predictTime;
    }

    /** The prediction id. */
    public Optional<String> id() { return Optional.ofNullable(id); }
    /** {@code starting}, {@code processing}, {@code succeeded}, {@code failed}, {@code canceled} or {@code aborted}. */
    public Optional<String> status() { return Optional.ofNullable(status); }
    /** The output URLs ({@code output} as one string or an array of strings). */
    public List<String> outputs() { return outputs; }
    /** The error of a failed prediction. */
    public Optional<String> error() { return Optional.ofNullable(error); }
    /** Seconds of billed compute ({@code metrics.predict_time}). */
    public Optional<BigDecimal> predictTime() { return Optional.ofNullable(predictTime); }
  }

  /**
   * Reads a prediction.
   *
   * @throws IllegalArgumentException if it is not JSON
   */
  public static Prediction parse(String text) {
    Map<String, Object> o = Json.object(Json.parse(text));
    List<String> outputs = new ArrayList<>();
    Object output = o.get("output");
    if (output instanceof String) outputs.add((String) output);
    for (Object item : Json.array(output)) if (item instanceof String) outputs.add((String) item);
    Object error = o.get("error");
    return new Prediction(Json.string(o, "id").orElse(null), Json.string(o, "status").orElse(null), outputs,
        error == null ? null : String.valueOf(error), Json.decimal(Json.object(o, "metrics"), "predict_time").orElse(null));
  }

  /** The images of a prediction, typed by their file names ({@code .webp}, {@code .png}, {@code .jpg}). */
  public static List<WireImage> images(Prediction p) {
    List<WireImage> out = new ArrayList<>();
    for (String url : p.outputs()) out.add(WireImage.ofUrl(url, HfInferenceWire.typeFromUrl(url)));
    return out;
  }
}
