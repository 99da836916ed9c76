package dev.unigen.provider.xai;

import dev.unigen.request.Media;
import dev.unigen.spi.http.MediaContent;
import java.util.LinkedHashMap;
import java.util.Map;

/** Input media as xAI's {@code ImageUrl} and {@code VideoUrl} objects: {@code {"url": ...}}. */
final class Inputs {
  private Inputs() {}

  /**
   * {@code {"url": u}}: a URL as it is, anything local (a file, bytes, a data URI) as a base64
   * data URL, which both objects accept.
   *
   * @throws dev.unigen.InvalidRequestException if a file cannot be read
   */
  static Map<String, Object> of(Media media) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("url", media.kind() == Media.Kind.URL ? media.url().get() : MediaContent.read(media).dataUri());
    return o;
  }
}
