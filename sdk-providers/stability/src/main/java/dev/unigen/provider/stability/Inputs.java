package dev.unigen.provider.stability;

import dev.unigen.InvalidRequestException;
import dev.unigen.ProviderFailureException;
import dev.unigen.spi.http.HttpCalls;
import dev.unigen.spi.http.MediaContent;
import dev.unigen.provider.stability.wire.FormRequest;
import dev.unigen.request.Media;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * Makes every file of a form local: Stability takes images only as multipart uploads, so an input
 * given as a URL is downloaded first, with the shared client and without the API key, and never
 * beyond the 10 MiB a whole Stability request may have. Stateless.
 */
final class Inputs {
  /** Stability's largest request body: 10 MiB (a bigger one is answered 413). */
  static final long MAX_REQUEST_BYTES = 10L * 1024 * 1024;

  private Inputs() {}

  /** Returns {@code form} with each URL file replaced by its downloaded bytes. */
  static CompletableFuture<FormRequest> localize(FormRequest form, OkHttpClient client, String provider) {
    CompletableFuture<FormRequest> result = CompletableFuture.completedFuture(form);
    for (Map.Entry<String, Media> file : form.files().entrySet()) {
      if (file.getValue().kind() != Media.Kind.URL) continue;
      String name = file.getKey();
      String url = file.getValue().url().get();
      result = result.thenCompose(f -> download(url, name, client, provider).thenApply(m -> f.withFile(name, m)));
    }
    return result;
  }

  private static CompletableFuture<Media> download(String url, String field, OkHttpClient client, String provider) {
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) {
      return CompletableFuture.failedFuture(new InvalidRequestException(provider, "input " + field + " is not a valid URL"));
    }
    Request get = new Request.Builder().url(parsed).get().build();
    String where = parsed.scheme() + "://" + parsed.host();
    return HttpCalls.send(client, get, provider, true).thenApply(response -> {
      try (Response r = response) {
        if (!r.isSuccessful()) {
          throw new InvalidRequestException(provider, "cannot download input " + field + " from " + where + ": HTTP " + r.code());
        }
        ResponseBody body = r.body();
        BufferedSource source = body.source();
        if (source.request(MAX_REQUEST_BYTES + 1)) {
          throw new InvalidRequestException(provider, "input " + field + " from " + where
              + " is larger than Stability's 10 MiB request limit");
        }
        byte[] bytes = source.getBuffer().readByteArray();
        if (bytes.length == 0) throw new InvalidRequestException(provider, "input " + field + " from " + where + " is empty");
        String type = r.header("Content-Type");
        String mediaType = type != null && type.toLowerCase(Locale.ROOT).startsWith("image/")
            ? type.split(";")[0].trim().toLowerCase(Locale.ROOT)
            : MediaContent.sniff(bytes, parsed.pathSegments().get(parsed.pathSize() - 1));
        return Media.bytes(bytes, mediaType);
      } catch (IOException e) {
        throw new ProviderFailureException(provider, "downloading input " + field + " from " + where + " failed: " + e, 0, true, e);
      }
    });
  }
}
