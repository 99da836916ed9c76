package dev.unigen.provider.bfl;

import dev.unigen.InvalidRequestException;
import dev.unigen.ProviderFailureException;
import dev.unigen.spi.http.HttpCalls;
import dev.unigen.spi.http.MediaContent;
import dev.unigen.request.Media;
import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * Turns the input images of a submit body into what BFL takes: a public URL is passed on as it is
 * (BFL fetches it), local content (a file, bytes, a data URI) is sent as plain base64, the form
 * BFL's own client sends. FLUX.1 Fill documents base64 only, so there a URL is downloaded first,
 * without the key, and encoded. Stateless.
 */
final class Inputs {
  /** The largest input downloaded for Fill: BFL's pages state 20 MB per input image. */
  static final long MAX_DOWNLOAD_BYTES = 20L * 1024 * 1024;

  private Inputs() {}

  /**
   * Returns {@code body} with every {@link Media} value replaced by its string form.
   *
   * @param urlsAllowed false where the endpoint takes base64 only
   */
  static CompletableFuture<Map<String, Object>> resolve(Map<String, Object> body, boolean urlsAllowed,
      OkHttpClient client, String provider) {
    Map<String, Object> out = new LinkedHashMap<>(body);
    CompletableFuture<Map<String, Object>> result = CompletableFuture.completedFuture(out);
    for (Map.Entry<String, Object> e : body.entrySet()) {
      if (!(e.getValue() instanceof Media)) continue;
      String field = e.getKey();
      Media media = (Media) e.getValue();
      if (media.kind() == Media.Kind.URL) {
        if (urlsAllowed) {
          out.put(field, media.url().get());
        } else {
          result = result.thenCombine(download(media.url().get(), field, client, provider), (m, b64) -> {
            m.put(field, b64);
            return m;
          });
        }
      } else {
        try {
          out.put(field, base64(MediaContent.read(media).bytes()));
        } catch (InvalidRequestException ex) {
          return CompletableFuture.failedFuture(new InvalidRequestException(provider, ex.getMessage()));
        }
      }
    }
    return result;
  }

  static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static CompletableFuture<String> download(String url, String field, OkHttpClient client, String provider) {
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) {
      return CompletableFuture.failedFuture(new InvalidRequestException(provider, field + " is not a valid URL"));
    }
    String where = parsed.scheme() + "://" + parsed.host();
    Request get = new Request.Builder().url(parsed).get().build();
    return HttpCalls.send(client, get, provider, true).thenApply(response -> {
      try (Response r = response) {
        if (!r.isSuccessful()) {
          throw new InvalidRequestException(provider, "cannot download " + field + " from " + where + ": HTTP " + r.code());
        }
        BufferedSource source = r.body().source();
        if (source.request(MAX_DOWNLOAD_BYTES + 1)) {
          throw new InvalidRequestException(provider, field + " from " + where + " is larger than 20 MiB");
        }
        byte[] bytes = source.getBuffer().readByteArray();
        if (bytes.length == 0) throw new InvalidRequestException(provider, field + " from " + where + " is empty");
        return base64(bytes);
      } catch (IOException e) {
        throw new ProviderFailureException(provider, "downloading " + field + " from " + where + " failed: " + e, 0, true, e);
      }
    });
  }
}
