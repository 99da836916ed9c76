package dev.unigen.provider.replicate;

import dev.unigen.InvalidRequestException;
import dev.unigen.spi.http.DataUri;
import dev.unigen.spi.http.MediaContent;
import dev.unigen.spi.http.ProviderHttp;
import dev.unigen.provider.replicate.wire.UploadedFile;
import dev.unigen.request.Media;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import okhttp3.Request;

/**
 * Sends input images the way Replicate takes them ({@code PredictionCreateParams.input} in
 * replicate-python-beta): an http(s) URL as it is; local content of at most 256 KiB as a data URI;
 * anything larger uploaded first with {@code POST /v1/files}, whose {@code urls.get} the input then
 * names. Uploads are free, so a failed one may be sent again.
 */
final class MediaInputs {
  /** Replicate's advice: data URLs for files up to 256 kB, an HTTP URL above. */
  static final int MAX_DATA_URI_BYTES = 256 * 1024;

  private final ProviderHttp http;
  private final String provider;

  MediaInputs(ProviderHttp http) {
    this.http = http;
    this.provider = http.provider();
  }

  /** Returns {@code input} with every {@link Media} (also inside lists) replaced by a string Replicate can read. */
  CompletableFuture<Map<String, Object>> localize(Map<String, Object> input) {
    Map<String, CompletableFuture<Object>> pending = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : input.entrySet()) pending.put(e.getKey(), value(e.getValue()));
    return CompletableFuture.allOf(pending.values().toArray(new CompletableFuture<?>[0])).thenApply(v -> {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<String, CompletableFuture<Object>> e : pending.entrySet()) out.put(e.getKey(), e.getValue().join());
      return out;
    });
  }

  private CompletableFuture<Object> value(Object v) {
    if (v instanceof Media) return one((Media) v).thenApply(s -> (Object) s);
    if (v instanceof List) {
      List<CompletableFuture<Object>> items = new ArrayList<>();
      for (Object item : (List<?>) v) items.add(value(item));
      return CompletableFuture.allOf(items.toArray(new CompletableFuture<?>[0])).thenApply(x -> {
        List<Object> out = new ArrayList<>();
        for (CompletableFuture<Object> f : items) out.add(f.join());
        return out;
      });
    }
    return CompletableFuture.completedFuture(v);
  }

  private CompletableFuture<String> one(Media m) {
    try {
      switch (m.kind()) {
        case URL: {
          String url = m.url().get();
          String scheme = url.contains(":") ? url.substring(0, url.indexOf(':')).toLowerCase(Locale.ROOT) : "";
          if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new InvalidRequestException(provider, "Replicate reads input images from http(s) URLs, not " + scheme + ":");
          }
          return CompletableFuture.completedFuture(url);
        }
        case DATA_URI: {
          DataUri d = DataUri.parse(m.url().get());
          if (d.bytes().length <= MAX_DATA_URI_BYTES) return CompletableFuture.completedFuture(m.url().get());
          return upload(d.bytes(), d.mediaType());
        }
        default: {
          MediaContent c = MediaContent.read(m);
          byte[] bytes = c.bytes();
          if (bytes.length <= MAX_DATA_URI_BYTES) return CompletableFuture.completedFuture(c.dataUri());
          return upload(bytes, c.mediaType());
        }
      }
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(new InvalidRequestException(provider, "unreadable input image: " + e.getMessage()));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletableFuture<String> upload(byte[] bytes, String mediaType) {
    String ext = mediaType.contains("/") ? mediaType.substring(mediaType.indexOf('/') + 1) : "bin";
    Request req = http.request("/files").post(UploadedFile.body(bytes, mediaType, "input." + ext)).build();
    // An upload creates no prediction and costs nothing: sending it again is harmless.
    return http.read(req, answer -> UploadedFile.url(answer.text()));
  }
}
