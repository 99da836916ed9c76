package dev.unigen.provider.huggingface.wire;

import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.Seeds;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The {@code fal-ai} route's wire format, fal's queue API behind the router:
 * {@code POST /fal-ai/{falModelId}?_subdomain=queue} with fal's model input (here FLUX-style
 * {@code prompt}, {@code image_size {width, height}}, {@code num_inference_steps},
 * {@code guidance_scale}, {@code seed}, {@code num_images}), answered with
 * {@code {request_id, response_url, status_url, cancel_url}}; the status object
 * {@code {status: IN_QUEUE|IN_PROGRESS|COMPLETED, queue_position, logs, error?, error_type?}}; and
 * the result {@code {images:[{url, width, height, content_type}], seed, has_nsfw_concepts}}.
 *
 * <p>Part of the module's wire layer, not of Unigen's API. Threadsafe (stateless).
 */
public final class FalWire {
  private FalWire() {}

  /** The request body; {@link TextToImageParams#extras()} are added at the top level. */
  public static byte[] requestBody(TextToImageParams p) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("prompt", p.prompt());
    p.size().ifPresent(s -> {
      Map<String, Object> size = new LinkedHashMap<>();
      size.put("width", s.width());
      size.put("height", s.height());
      body.put("image_size", size);
    });
    p.steps().ifPresent(s -> body.put("num_inference_steps", s));
    p.guidance().ifPresent(g -> body.put("guidance_scale", g));
    p.seed().ifPresent(s -> body.put("seed", s));
    if (p.count() > 1) body.put("num_images", p.count());
    p.negativePrompt().ifPresent(n -> body.put("negative_prompt", n));
    p.outputFormat().ifPresent(f -> body.put("output_format", f.equals("jpg") ? "jpeg" : f));
    body.putAll(p.extras());
    return Json.bytes(body);
  }

  /** The answer to a queue submit. Immutable. */
  public static final class QueueSubmit {
    private final String requestId;
    private final String responseUrl;
    private final String statusUrl;

    QueueSubmit(String requestId, String responseUrl, String statusUrl) {
      this.requestId = requestId;
      this.responseUrl = responseUrl;
      this.statusUrl = statusUrl;
    }

    /** fal's request id. */
    public Optional<String> requestId() { return Optional.ofNullable(requestId); }
    /** Where the result will be; its path names the model as the status and result calls need it. */
    public Optional<String> responseUrl() { return Optional.ofNullable(responseUrl); }
    /** Where the status is. */
    public Optional<String> statusUrl() { return Optional.ofNullable(statusUrl); }
  }

  /**
   * Reads a queue submit answer.
   *
   * @throws IllegalArgumentException if it is not JSON
   */
  public static QueueSubmit parseSubmit(String text) {
    Map<String, Object> o = Json.object(Json.parse(text));
    return new QueueSubmit(Json.string(o, "request_id").orElse(null), Json.string(o, "response_url").orElse(null),
        Json.string(o, "status_url").orElse(null));
  }

  /** A status object. Immutable. */
  public static final class QueueStatus {
    private final String status;
    private final Integer queuePosition;
    private final List<String> logs;
    private final String error;
    private final String errorType;

    QueueStatus(String status, Integer queuePosition, List<String> logs, String error, String errorType) {
      this.status = status;
      this.queuePosition = queuePosition;
      this.logs = List.copyOf(logs);
      this.error = error;
      this.errorType = errorType;
    }

    /** {@code IN_QUEUE}, {@code IN_PROGRESS} or {@code COMPLETED}; empty if absent. */
    public Optional<String> status() { return Optional.ofNullable(status); }
    /** The position in the queue, 0 being next. */
    public OptionalInt queuePosition() { return queuePosition == null ? OptionalInt.empty() : OptionalInt.of(queuePosition); }
    /** The log messages in this update. */
    public List<String> logs() { return logs; }
    /** The failure of a COMPLETED request, if it failed. */
    public Optional<String> error() { return Optional.ofNullable(error); }
    /** fal's error type, such as {@code runner_disconnected}. */
    public Optional<String> errorType() { return Optional.ofNullable(errorType); }
  }

  /**
   * Reads a status object.
   *
   * @throws IllegalArgumentException if it is not JSON
   */
  public static QueueStatus parseStatus(String text) {
    Map<String, Object> o = Json.object(Json.parse(text));
    Integer position = Json.decimal(o, "queue_position").map(BigDecimal::intValue).orElse(null);
    List<String> logs = new ArrayList<>();
    for (Object entry : Json.array(o, "logs")) Json.string(Json.object(entry), "message").ifPresent(logs::add);
    Object error = o.get("error");
    String message = error instanceof String ? (String) error
        : error instanceof Map ? Json.string(Json.object(error), "message").orElse(String.valueOf(error)) : null;
    return new QueueStatus(Json.string(o, "status").orElse(null), position, logs, message,
        Json.string(o, "error_type").orElse(null));
  }

  /**
   * Reads a result: every image with the size and content type fal states, the NSFW flag of
   * {@code has_nsfw_concepts} at the same index, and the request's {@code seed} when there is one
   * image.
   *
   * @throws IllegalArgumentException if it is not JSON
   */
  public static List<WireImage> parseResult(String text) {
    Map<String, Object> o = Json.object(Json.parse(text));
    List<Object> images = Json.array(o, "images");
    List<Object> nsfw = Json.array(o, "has_nsfw_concepts");
    OptionalLong seed = Seeds.parse(o.get("seed"));
    List<WireImage> out = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      Map<String, Object> img = Json.object(images.get(i));
      String url = Json.string(img, "url").orElse(null);
      if (url == null) continue;
      String type = Json.string(img, "content_type").orElseGet(() -> {
        String guess = HfInferenceWire.typeFromUrl(url);
        return guess.startsWith("image/") ? guess : "image/jpeg";
      });
      WireImage w = WireImage.ofUrl(url, type);
      Optional<BigDecimal> width = Json.decimal(img, "width");
      Optional<BigDecimal> height = Json.decimal(img, "height");
      if (width.isPresent() && height.isPresent() && width.get().signum() > 0 && height.get().signum() > 0) {
        w = w.withSize(width.get().intValue(), height.get().intValue());
      }
      if (i < nsfw.size() && Boolean.TRUE.equals(nsfw.get(i))) w = w.withNsfw(true);
      if (images.size() == 1 && seed.isPresent()) w = w.withSeed(seed.getAsLong());
      out.add(w);
    }
    return out;
  }
}
