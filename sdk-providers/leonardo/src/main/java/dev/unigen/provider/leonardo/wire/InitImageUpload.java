package dev.unigen.provider.leonardo.wire;

import dev.unigen.spi.http.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer to {@code POST /v1/init-image}: {@code uploadInitImage{id, url, fields}}, where
 * {@code url} is a presigned upload URL and {@code fields} a JSON string of the form fields to post
 * with the file.
 *
 * @param id the id the uploaded image is referred to by, as type {@code UPLOADED}
 * @param url the presigned URL the file is posted to, without Leonardo's key
 * @param fields the form fields to post before the file, in Leonardo's order where it kept one
 */
public record InitImageUpload(String id, String url, Map<String, String> fields) {
  /**
   * Reads {@code o}.
   *
   * @throws IllegalArgumentException if the id, the URL or the fields are missing or malformed
   */
  public static InitImageUpload of(Map<String, Object> o) {
    Map<String, Object> upload = Json.object(o, "uploadInitImage");
    Object raw = upload.get("fields");
    Map<String, String> fields = new LinkedHashMap<>();
    (raw instanceof String ? Json.object(Json.parse((String) raw)) : Json.object(raw)).forEach((name, value) -> {
      if (!(value instanceof String)) throw new IllegalArgumentException("upload field " + name + " is not text");
      fields.put(name, (String) value);
    });
    return new InitImageUpload(
        Json.text(upload, "id").orElseThrow(() -> new IllegalArgumentException("no uploadInitImage.id")),
        Json.text(upload, "url").orElseThrow(() -> new IllegalArgumentException("no uploadInitImage.url")),
        Collections.unmodifiableMap(fields));
  }
}
