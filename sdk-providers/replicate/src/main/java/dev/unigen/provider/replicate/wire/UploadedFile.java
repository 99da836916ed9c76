package dev.unigen.provider.replicate.wire;

import dev.unigen.spi.http.Json;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.RequestBody;

/**
 * The files API: {@code POST /v1/files} with a multipart body holding the file as
 * {@code content} and a JSON {@code metadata} part, answered with
 * {@code {id, content_type, size, checksums, metadata, created_at, expires_at, urls {get}}};
 * {@code urls.get} is what a prediction input then takes.
 *
 * <p>Part of the module's wire layer, not of Unigen's API. Threadsafe (stateless).
 */
public final class UploadedFile {
  private UploadedFile() {}

  /** The multipart body for {@code content} of {@code mediaType}, named {@code fileName}. */
  public static MultipartBody body(byte[] content, String mediaType, String fileName) {
    return new MultipartBody.Builder().setType(MultipartBody.FORM)
        .addFormDataPart("content", fileName, RequestBody.create(content, MediaType.parse(mediaType)))
        .addFormDataPart("metadata", null, RequestBody.create("{}", MediaType.get("application/json")))
        .build();
  }

  /**
   * The file's {@code urls.get}.
   *
   * @throws IllegalArgumentException if the answer is not JSON or has no such URL
   */
  public static String url(String text) {
    Map<String, Object> o = Json.object(Json.parse(text));
    return Json.string(Json.object(o, "urls"), "get")
        .orElseThrow(() -> new IllegalArgumentException("the file answer has no urls.get"));
  }
}
