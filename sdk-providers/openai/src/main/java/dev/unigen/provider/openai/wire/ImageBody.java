package dev.unigen.provider.openai.wire;

import com.squareup.moshi.JsonWriter;
import dev.unigen.spi.http.MediaContent;
import dev.unigen.spi.http.Multipart;
import dev.unigen.request.Media;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.Buffer;

/**
 * The body of {@code POST /images/generations} or {@code POST /images/edits}, written by hand:
 * scalar fields in the order they were set, the input images and the mask. It renders as JSON
 * (generations, and edits that reference images by {@code image_url}) or as a multipart form
 * (edits uploading local files as repeated {@code image[]} parts and a {@code mask} part).
 *
 * <p>Internal to the OpenAI provider module; not part of Unigen's API. Not threadsafe.
 */
public final class ImageBody {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final Map<String, Object> fields = new LinkedHashMap<>();
  private final List<Media> images = new ArrayList<>();
  private Media mask;

  /** Starts an empty body. */
  public ImageBody() {}

  /**
   * Sets a scalar field; a later value for the same name replaces the earlier one in place.
   *
   * @throws IllegalArgumentException if the value is not a string, number or boolean
   */
  public ImageBody field(String name, Object value) {
    Objects.requireNonNull(name, "name");
    if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
      throw new IllegalArgumentException("field " + name + " must be a string, number or boolean, was "
          + (value == null ? "null" : value.getClass().getSimpleName()));
    }
    fields.put(name, value);
    return this;
  }

  /** Adds an input image; the first one is the one a mask applies to. */
  public ImageBody image(Media image) {
    images.add(Objects.requireNonNull(image, "image"));
    return this;
  }

  /** Sets the mask, whose transparent pixels mark where the first image is edited. */
  public ImageBody mask(Media mask) {
    this.mask = Objects.requireNonNull(mask, "mask");
    return this;
  }

  /** The scalar fields set so far, in order. */
  public Map<String, Object> fields() {
    return Collections.unmodifiableMap(fields);
  }

  /** The input images, in order. */
  public List<Media> images() {
    return Collections.unmodifiableList(images);
  }

  /** True when every image and the mask are held locally (file, bytes or data URI), so they can be uploaded. */
  public boolean allLocal() {
    for (Media m : images) if (m.kind() == Media.Kind.URL) return false;
    return mask == null || mask.kind() != Media.Kind.URL;
  }

  /**
   * Returns the JSON form: the scalar fields, then {@code images: [{"image_url": …}]} and
   * {@code mask: {"image_url": …}} when there are inputs. A URL is sent as it is; local content
   * is sent as a base64 data URL, which the API accepts in {@code image_url}.
   *
   * @throws dev.unigen.InvalidRequestException if a local file cannot be read
   */
  public RequestBody toJson() {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.beginObject();
      for (Map.Entry<String, Object> f : fields.entrySet()) {
        w.name(f.getKey());
        writeScalar(w, f.getValue());
      }
      if (!images.isEmpty()) {
        w.name("images").beginArray();
        for (Media m : images) {
          w.beginObject().name("image_url").value(imageUrl(m)).endObject();
        }
        w.endArray();
      }
      if (mask != null) {
        w.name("mask").beginObject().name("image_url").value(imageUrl(mask)).endObject();
      }
      w.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory failed", e);
    }
    return RequestBody.create(buffer.readByteString(), JSON);
  }

  /**
   * Returns the multipart form: the scalar fields as text parts, then one {@code image[]} file
   * part per input image and a {@code mask} file part.
   *
   * @throws IllegalArgumentException if an input is a URL (use {@link #toJson()})
   * @throws dev.unigen.InvalidRequestException if a local file cannot be read
   */
  public RequestBody toMultipart() {
    Multipart form = new Multipart();
    for (Map.Entry<String, Object> f : fields.entrySet()) form.field(f.getKey(), text(f.getValue()));
    for (Media m : images) form.file("image[]", m);
    if (mask != null) form.file("mask", mask);
    return form.build();
  }

  /** The length in characters of the {@code image_url} an input would be sent as in JSON. */
  public static long imageUrlLength(Media m) {
    return imageUrl(m).length();
  }

  private static String imageUrl(Media m) {
    switch (m.kind()) {
      case URL:
      case DATA_URI:
        return m.url().get();
      default:
        return MediaContent.read(m).dataUri();
    }
  }

  private static void writeScalar(JsonWriter w, Object v) throws IOException {
    if (v instanceof String) {
      w.value((String) v);
    } else if (v instanceof Boolean) {
      w.value((Boolean) v);
    } else if (v instanceof BigDecimal) {
      // toPlainString keeps 1E+3 from reaching the wire as an exponent.
      w.value(new BigDecimal(((BigDecimal) v).toPlainString()));
    } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      w.value(((Number) v).longValue());
    } else {
      w.value(new BigDecimal(v.toString()));
    }
  }

  private static String text(Object v) {
    return v instanceof BigDecimal ? ((BigDecimal) v).toPlainString() : v.toString();
  }
}
