package dev.unigen.spi.protocol;

import dev.unigen.spi.http.Answer;
import dev.unigen.spi.http.DataUri;
import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.MediaContent;
import dev.unigen.spi.http.ProviderHttp;
import dev.unigen.spi.http.Seeds;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Together's images API, written once for every provider that speaks it: Together itself, and
 * routers that forward to it (Hugging Face's {@code together} route). One synchronous call,
 * {@code POST {root}/images/generations} with a JSON body named as Together's OpenAPI spec names
 * it, answered with {@code {id, model, object: "list", data: [{index, url} | {index, b64_json}]}}
 * (read leniently: the docs' own examples leave out {@code object}, {@code type} and
 * {@code index}), or an error envelope {@code {"error": {message, type, param, code}}}. Threadsafe.
 */
public final class TogetherImages {
  /** The model string, such as {@code black-forest-labs/FLUX.1-schnell}. Required. */
  public static final String MODEL = "model";
  /** The prompt. Required. */
  public static final String PROMPT = "prompt";
  /** Diffusion steps (spec default 20). */
  public static final String STEPS = "steps";
  /** Number of images (spec default 1; the docs allow 1 to 4). */
  public static final String N = "n";
  /** Output width in pixels (spec default 1024). */
  public static final String WIDTH = "width";
  /** Output height in pixels (spec default 1024). */
  public static final String HEIGHT = "height";
  /** Seed for reproducible output. */
  public static final String SEED = "seed";
  /** What the image should not show. */
  public static final String NEGATIVE_PROMPT = "negative_prompt";
  /** {@value #FORMAT_BASE64} or {@value #FORMAT_URL}. */
  public static final String RESPONSE_FORMAT = "response_format";
  /** Prompt adherence (spec default 3.5). */
  public static final String GUIDANCE_SCALE = "guidance_scale";
  /** {@code jpeg} (default) or {@code png}. */
  public static final String OUTPUT_FORMAT = "output_format";
  /** The image to edit, for Kontext (and FLUX.2 single-image edits). */
  public static final String IMAGE_URL = "image_url";
  /** LoRAs as {@code [{path, scale}]}. */
  public static final String IMAGE_LORAS = "image_loras";
  /** Reference image URLs (FLUX.2, Google models). */
  public static final String REFERENCE_IMAGES = "reference_images";
  /** An aspect ratio such as {@code 16:9}, which the docs give for schnell and Kontext (not in the spec). */
  public static final String ASPECT_RATIO = "aspect_ratio";
  /** {@link #RESPONSE_FORMAT} value asking for {@code data[].b64_json}. */
  public static final String FORMAT_BASE64 = "base64";
  /** {@link #RESPONSE_FORMAT} value asking for {@code data[].url}. */
  public static final String FORMAT_URL = "url";

  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final ProviderHttp http;
  private final String path;

  /**
   * The API at {@code prefix} under the provider's base URL: empty for Together's own
   * ({@code https://api.together.xyz/v1}), {@code /together/v1} behind Hugging Face's router.
   */
  public TogetherImages(ProviderHttp http, String prefix) {
    this.http = Objects.requireNonNull(http, "http");
    this.path = prefix + "/images/generations";
  }

  /**
   * Sends {@code body} (its fields in order; null values left out) and completes with what
   * {@code read} makes of the answer. The call is a submit: never re-sent, and a 200 that is not
   * the promised JSON, or that {@code read} cannot take (other than with a typed error), is an
   * {@link dev.unigen.OutcomeUnknownException}.
   *
   * @throws IllegalArgumentException if a body value has no JSON form
   */
  public <T> CompletableFuture<T> generate(Map<String, Object> body, UnaryOperator<Request.Builder> decorate,
      Function<Generation, T> read) {
    Request request = decorate.apply(http.request(path).post(RequestBody.create(Json.write(body), JSON))).build();
    return http.submit(request, answer -> read.apply(Generation.read(answer)));
  }

  /**
   * An answer: Together's id for the request (else the {@code x-request-id} header), the images,
   * an error envelope if the body carried one, and a top-level seed if Together sent one.
   */
  public record Generation(Optional<String> id, List<Image> data, Optional<Error> error, OptionalLong seed) {
    /**
     * Reads an answer.
     *
     * @throws IllegalArgumentException if it is not a JSON object
     */
    public static Generation read(Answer answer) {
      Map<String, Object> o = answer.object();
      List<Image> images = new ArrayList<>();
      for (Object item : Json.array(o, "data")) {
        Map<String, Object> d = Json.object(item);
        images.add(new Image(Json.string(d, "url").filter(s -> !s.isBlank()),
            Json.string(d, "b64_json").filter(s -> !s.isBlank()), Seeds.parse(d.get("seed"))));
      }
      return new Generation(Json.string(o, "id").or(() -> answer.header("x-request-id")), List.copyOf(images),
          Error.from(o), Seeds.parse(o.get("seed")));
    }
  }

  /** One entry of {@code data}: a CDN URL or base64 content, and its seed if Together sent one. */
  public record Image(Optional<String> url, Optional<String> b64Json, OptionalLong seed) {
    /**
     * The decoded content; empty for a URL image.
     *
     * @throws IllegalArgumentException if {@code b64_json} is not base64
     */
    public Optional<byte[]> bytes() {
      return b64Json.map(DataUri::decodeBase64).filter(b -> b.length > 0);
    }

    /** The image type of {@code bytes} (sniffed), else of the URL's file name, else {@code fallback}. */
    public String mediaType(Optional<byte[]> bytes, String fallback) {
      String name = url.map(u -> u.replaceFirst("[?#].*$", "")).map(u -> u.substring(u.lastIndexOf('/') + 1)).orElse("");
      String type = MediaContent.sniff(bytes.orElse(new byte[0]), name);
      return type.startsWith("image/") ? type : fallback;
    }
  }

  /**
   * Together's error envelope, {@code {"error": {message, type, param, code}}} ({@code param} and
   * {@code code} may be null; {@code code} is read whether a string or a number).
   */
  public record Error(String message, Optional<String> type, Optional<String> param, Optional<String> code) {
    /** Reads the envelope from an error body; empty when it is not JSON or has no {@code error} object. */
    public static Optional<Error> parse(String body) {
      if (body == null || body.isBlank()) return Optional.empty();
      try {
        Object parsed = Json.parse(body);
        return parsed instanceof Map ? from(Json.object(parsed)) : Optional.empty();
      } catch (IllegalArgumentException notJson) {
        return Optional.empty();
      }
    }

    /** Reads the envelope from a parsed answer; empty when it has no {@code error} object. */
    public static Optional<Error> from(Map<String, Object> answer) {
      Object e = answer.get("error");
      if (!(e instanceof Map)) return Optional.empty();
      Map<String, Object> error = Json.object(e);
      Object code = error.get("code");
      return Optional.of(new Error(Json.string(error, "message").orElse(""), Json.string(error, "type"),
          Json.string(error, "param"), Optional.ofNullable(code instanceof String ? (String) code
              : code instanceof BigDecimal ? ((BigDecimal) code).toPlainString() : null)));
    }
  }
}
