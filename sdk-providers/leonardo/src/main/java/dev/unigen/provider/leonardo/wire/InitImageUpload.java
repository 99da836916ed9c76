package dev.unigen.provider.leonardo.wire;

import dev.unigen.spi.http.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer to {@code POST /v1/init-image}: {@code uploadInitImage{id, url, fields}}, where
 * {@code url} is a presigned upload URL and {@code fields} a JSON string of the form fields to post
 * with the file. Immutable.
 */
public final class InitImageUpload {
  private final String id;
  private final String url;
  private final Map<String, String> fields;

  private InitImageUpload(String id, String url, Map<String, String> fields) {
    this.id = id;
    this.url = url;
    this.fields = fields;
  }

  /**
   * Reads {@code o}.
   *
   * @throws IllegalArgumentException if the id, the URL or the fields are missing or malformed
   */
  public static InitImageUpload of(Map<String, Object> o) {
    Map<String, Object> upload = Json.object(o, "uploadInitImage");
    String id = Json.text(upload, "id")
        .orElseThrow(() -> new IllegalArgumentException("no uploadInitImage.id"));
    String url = Json.text(upload, "url")
        .orElseThrow(() -> new IllegalArgumentException("no uploadInitImage.url"));
    Object raw = upload.get("fields");
    Map<String, Object> parsed = raw instanceof String ? Json.object(Json.parse((String) raw)) : Json.object(raw);
    Map<String, String> fields = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : parsed.entrySet()) {
      if (!(e.getValue() instanceof String)) throw new IllegalArgumentException("upload field " + e.getKey() + " is not text");
      fields.put(e.getKey(), (String) e.getValue());
    }
    return new InitImageUpload(id, url, Collections.unmodifiableMap(fields));
  }

  /** The id the uploaded image is referred to by, as type {@code UPLOADED}. */
  public String id() {
    return id;
  }

  /** The presigned URL the file is posted to, without Leonardo's key. */
  public String url() {
    return url;
  }

  /** The form fields to post before the file, in Leonardo's order where it kept one. */
  public Map<String, String> fields() {
    return fields;
  }
}
