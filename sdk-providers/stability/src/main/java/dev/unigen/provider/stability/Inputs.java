package dev.unigen.provider.stability;

import dev.unigen.InvalidRequestException;
import dev.unigen.ProviderFailureException;
import dev.unigen.provider.stability.wire.FormRequest;
import dev.unigen.request.Media;
import dev.unigen.spi.ProviderSettings;
import dev.unigen.spi.http.MediaContent;
import dev.unigen.spi.http.ProviderHttp;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * Makes every file of a form local: Stability takes images only as multipart uploads, so an input
 * given as a URL is downloaded first, without the API key, and never beyond the 10 MiB a whole
 * Stability request may have. Stateless.
 */
final class Inputs {
  /** Stability's largest request body: 10 MiB (a bigger one is answered 413). */
  static final long MAX_REQUEST_BYTES = 10L * 1024 * 1024;

  private Inputs() {}

  /** Returns {@code form} with each URL file replaced by its downloaded bytes. */
  static CompletableFuture<FormRequest> localize(FormRequest form, ProviderSettings settings, String provider) {
    CompletableFuture<FormRequest> result = CompletableFuture.completedFuture(form);
    for (Map.Entry<String, Media> file : form.files().entrySet()) {
      if (file.getValue().kind() != Media.Kind.URL) continue;
      String name = file.getKey();
      String url = file.getValue().url().get();
      result = result.thenCompose(f -> download(url, name, settings, provider).thenApply(m -> f.withFile(name, m)));
    }
    return result;
  }

  private static CompletableFuture<Media> download(String url, String field, ProviderSettings settings, String provider) {
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) {
      return CompletableFuture.failedFuture(new InvalidRequestException(provider, "input " + field + " is not a valid URL"));
    }
    String where = parsed.scheme() + "://" + parsed.host();
    // No provider headers: the key never goes to an input's host, and its error statuses are the input's fault.
    ProviderHttp inputHost = ProviderHttp.builder(settings).errors(answer -> Optional.of(new InvalidRequestException(provider,
        "cannot download input " + field + " from " + where + ": HTTP " + answer.status()))).build();
    return inputHost.open(new Request.Builder().url(parsed).get().build()).thenApply(response -> {
      try (Response r = response) {
        BufferedSource source = r.body().source();
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
