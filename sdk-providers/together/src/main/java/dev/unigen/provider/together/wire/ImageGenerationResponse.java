package dev.unigen.provider.together.wire;

import dev.unigen.spi.http.Json;
import dev.unigen.spi.http.Seeds;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The answer of {@code POST /v1/images/generations} (OpenAPI {@code ImageResponse}):
 * {@code {id, model, object: "list", data: [{index, url, type: "url"} | {index, b64_json, type:
 * "b64_json"}]}}. Read leniently: the docs' own examples leave out {@code object}, {@code type}
 * and {@code index}, and unknown fields (such as {@code timings}) are ignored. Immutable.
 *
 * <p>Part of the module's wire format, public only so that the provider package can use it; it
 * is not a stable API.
 */
public final class ImageGenerationResponse {
  private final String id;
  private final String model;
  private final List<Image> data;
  private final ErrorBody error;
  private final Long seed;

  private ImageGenerationResponse(String id, String model, List<Image> data, ErrorBody error, Long seed) {
    this.id = id;
    this.model = model;
    this.data = List.copyOf(data);
    this.error = error;
    this.seed = seed;
  }

  /**
   * Parses a response body.
   *
   * @throws IllegalArgumentException if it is not a JSON object
   */
  public static ImageGenerationResponse parse(String body) {
    Object root = Json.parse(body);
    if (!(root instanceof Map)) throw new IllegalArgumentException("not a JSON object");
    Map<String, Object> o = Json.object(root);
    List<Image> images = new ArrayList<>();
    for (Object item : Json.array(o, "data")) {
      Map<String, Object> d = Json.object(item);
      OptionalInt index = Json.decimal(d, "index").map(ImageGenerationResponse::whole).orElse(OptionalInt.empty());
      OptionalLong itemSeed = Seeds.parse(d.get("seed"));
      images.add(new Image(index.isPresent() ? index.getAsInt() : null, Json.string(d, "url").orElse(null),
          Json.string(d, "b64_json").orElse(null), Json.string(d, "type").orElse(null),
          itemSeed.isPresent() ? itemSeed.getAsLong() : null));
    }
    OptionalLong topSeed = Seeds.parse(o.get("seed"));
    return new ImageGenerationResponse(Json.string(o, "id").orElse(null), Json.string(o, "model").orElse(null), images,
        ErrorBody.from(o).orElse(null), topSeed.isPresent() ? topSeed.getAsLong() : null);
  }

  private static OptionalInt whole(BigDecimal d) {
    try {
      return OptionalInt.of(d.intValueExact());
    } catch (ArithmeticException e) {
      return OptionalInt.empty();
    }
  }

  /** Together's id for the request. */
  public Optional<String> id() { return Optional.ofNullable(id); }
  /** The model that answered. */
  public Optional<String> model() { return Optional.ofNullable(model); }
  /** The images, in the order given. */
  public List<Image> data() { return data; }
  /** An error envelope carried by the body, if any. */
  public Optional<ErrorBody> error() { return Optional.ofNullable(error); }
  /** A seed at the top level of the body, if Together sent one (not in the spec). */
  public OptionalLong seed() { return seed == null ? OptionalLong.empty() : OptionalLong.of(seed); }

  /** One entry of {@code data}: a URL or base64 content. Immutable. */
  public static final class Image {
    private final Integer index;
    private final String url;
    private final String b64Json;
    private final String type;
    private final Long seed;

    Image(Integer index, String url, String b64Json, String type, Long seed) {
      this.index = index;
      this.url = url;
      this.b64Json = b64Json;
      this.type = type;
      this.seed = seed;
    }

    /** Its position among the outputs. */
    public OptionalInt index() { return index == null ? OptionalInt.empty() : OptionalInt.of(index); }
    /** Where Together's CDN serves it ({@code response_format: url}). */
    public Optional<String> url() { return Optional.ofNullable(url).filter(s -> !s.isBlank()); }
    /** Its content as base64 ({@code response_format: base64}). */
    public Optional<String> b64Json() { return Optional.ofNullable(b64Json).filter(s -> !s.isBlank()); }
    /** {@code url} or {@code b64_json}, when given. */
    public Optional<String> type() { return Optional.ofNullable(type); }
    /** The seed of this image, if Together sent one (not in the spec). */
    public OptionalLong seed() { return seed == null ? OptionalLong.empty() : OptionalLong.of(seed); }

    @Override
    public String toString() {
      return "Image(" + (url != null ? "url" : b64Json != null ? "b64_json" : "empty") + ")";
    }
  }
}
