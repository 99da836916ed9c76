package dev.unigen.provider.together.wire;

import com.squareup.moshi.JsonWriter;
import dev.unigen.spi.http.Seeds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import okio.Buffer;

/**
 * The JSON body of {@code POST /v1/images/generations}, field by field as Together's OpenAPI
 * spec names them. Fields keep the order they were set in; setting {@code null} removes one.
 *
 * <p>This class is the module's wire format, public only so that the provider package can use
 * it; it is not a stable API. Not threadsafe.
 */
public final class ImageGenerationRequest {
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
  /** {@code base64} or {@code url}. */
  public static final String RESPONSE_FORMAT = "response_format";
  /** Prompt adherence (spec default 3.5). */
  public static final String GUIDANCE_SCALE = "guidance_scale";
  /** {@code jpeg} (default) or {@code png}. */
  public static final String OUTPUT_FORMAT = "output_format";
  /** The image to edit, for Kontext (and FLUX.2 pro/flex single-image edits). */
  public static final String IMAGE_URL = "image_url";
  /** LoRAs as {@code [{path, scale}]}. */
  public static final String IMAGE_LORAS = "image_loras";
  /** Reference image URLs (FLUX.2, Google models). */
  public static final String REFERENCE_IMAGES = "reference_images";
  /** Turns the safety checker off (not on the free schnell endpoint or pro models). */
  public static final String DISABLE_SAFETY_CHECKER = "disable_safety_checker";
  /** An aspect ratio such as {@code 16:9}, which the docs give for schnell and Kontext (not in the spec). */
  public static final String ASPECT_RATIO = "aspect_ratio";
  /** {@link #RESPONSE_FORMAT} value asking for {@code data[].b64_json}. */
  public static final String FORMAT_BASE64 = "base64";
  /** {@link #RESPONSE_FORMAT} value asking for {@code data[].url}. */
  public static final String FORMAT_URL = "url";

  private final Map<String, Object> fields = new LinkedHashMap<>();

  private ImageGenerationRequest(String model, String prompt) {
    fields.put(MODEL, Objects.requireNonNull(model, "model"));
    fields.put(PROMPT, Objects.requireNonNull(prompt, "prompt"));
  }

  /** Starts a body for {@code model} with {@code prompt}. */
  public static ImageGenerationRequest of(String model, String prompt) {
    return new ImageGenerationRequest(model, prompt);
  }

  /**
   * Sets {@code field} to {@code value}: a string, boolean, number, list or map of those;
   * {@code null} removes the field.
   */
  public ImageGenerationRequest put(String field, Object value) {
    Objects.requireNonNull(field, "field");
    if (value == null) fields.remove(field);
    else fields.put(field, value);
    return this;
  }

  /** Sets the output size. */
  public ImageGenerationRequest size(int width, int height) {
    return put(WIDTH, width).put(HEIGHT, height);
  }

  /** Sets the seed, written as an unsigned number when its top bit is set. */
  public ImageGenerationRequest seed(long seed) {
    return put(SEED, seed);
  }

  /** Sets {@code image_loras} from (path, scale) pairs. */
  public ImageGenerationRequest imageLoras(List<Map<String, Object>> loras) {
    return put(IMAGE_LORAS, loras.isEmpty() ? null : List.copyOf(loras));
  }

  /** The value of {@code field}, if set. */
  public Optional<Object> get(String field) {
    return Optional.ofNullable(fields.get(field));
  }

  /** True if {@code field} is set. */
  public boolean has(String field) {
    return fields.containsKey(field);
  }

  /** The whole-number value of {@code field}, if it is set to one. */
  public OptionalInt integer(String field) {
    Object v = fields.get(field);
    if (v instanceof Integer || v instanceof Long || v instanceof Short) return OptionalInt.of(((Number) v).intValue());
    if (v instanceof BigDecimal || v instanceof BigInteger || v instanceof Double || v instanceof Float) {
      try {
        return OptionalInt.of(new BigDecimal(v.toString()).intValueExact());
      } catch (ArithmeticException | NumberFormatException notWhole) {
        return OptionalInt.empty();
      }
    }
    return OptionalInt.empty();
  }

  /** The string value of {@code field}, if it is set to one. */
  public Optional<String> string(String field) {
    Object v = fields.get(field);
    return v instanceof String ? Optional.of((String) v) : Optional.empty();
  }

  /** The fields as set, in order. */
  public Map<String, Object> fields() {
    return Collections.unmodifiableMap(fields);
  }

  /**
   * Returns the JSON text.
   *
   * @throws IllegalArgumentException if a value is of a type JSON cannot hold
   */
  public String toJson() {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      write(w, fields);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.readUtf8();
  }

  private static void write(JsonWriter w, Object v) throws IOException {
    if (v == null) {
      w.nullValue();
    } else if (v instanceof Map) {
      w.beginObject();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        w.name(String.valueOf(e.getKey()));
        write(w, e.getValue());
      }
      w.endObject();
    } else if (v instanceof Collection) {
      w.beginArray();
      for (Object item : (Collection<?>) v) write(w, item);
      w.endArray();
    } else if (v instanceof String) {
      w.value((String) v);
    } else if (v instanceof Boolean) {
      w.value((Boolean) v);
    } else if (v instanceof BigDecimal) {
      BigDecimal d = (BigDecimal) v;
      w.value(d.scale() < 0 ? d.setScale(0) : d);
    } else if (v instanceof Number) {
      w.value((Number) v);
    } else {
      throw new IllegalArgumentException("cannot write " + v.getClass().getSimpleName() + " as JSON");
    }
  }

  /** Describes the body without the prompt or inline images. */
  @Override
  public String toString() {
    return "ImageGenerationRequest(" + fields.get(MODEL) + " " + fields.keySet() + ")";
  }
}
