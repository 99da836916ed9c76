package dev.unigen.spi.http;

import dev.unigen.request.Media;
import java.util.Locale;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.RequestBody;

/**
 * Multipart form bodies, as Stability and OpenAI's edits take them: text fields and files from
 * local {@link Media}. A URL is not read here; providers that take only files download it first.
 */
public final class Multipart {
  private final MultipartBody.Builder body = new MultipartBody.Builder().setType(MultipartBody.FORM);
  private boolean empty = true;

  /** Starts an empty form. */
  public Multipart() {}

  /** Adds a text field. */
  public Multipart field(String name, String value) {
    body.addFormDataPart(name, value);
    empty = false;
    return this;
  }

  /**
   * Adds a file field read from {@code media}, named after its type (such as {@code image.png}).
   *
   * @throws dev.unigen.InvalidRequestException if a file cannot be read
   * @throws IllegalArgumentException if the media is a URL
   */
  public Multipart file(String name, Media media) {
    MediaContent content = MediaContent.read(media);
    String type = content.mediaType();
    String ext = type.contains("/") ? type.substring(type.indexOf('/') + 1).toLowerCase(Locale.ROOT) : "bin";
    String fileName = media.file().map(p -> p.getFileName().toString()).orElse(name.replace("[]", "") + "." + ext);
    body.addFormDataPart(name, fileName, RequestBody.create(content.bytes(), MediaType.parse(type)));
    empty = false;
    return this;
  }

  /**
   * Returns the body. A form with no field gets one empty {@code none} field, since some servers
   * (Stability) need a multipart body even when there is nothing to send.
   */
  public MultipartBody build() {
    if (empty) body.addFormDataPart("none", "");
    return body.build();
  }
}
