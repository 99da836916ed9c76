package dev.unigen.provider.google;

import dev.unigen.ProviderFailureException;
import dev.unigen.assets.Asset;
import dev.unigen.spi.http.Answer;
import dev.unigen.spi.http.HttpCalls;
import dev.unigen.spi.http.ProviderHttp;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * Downloads a generated video, which the Files API serves only with the key
 * ({@code GET /files/{id}:download?alt=media}). The key goes only to the API's own host — the
 * scheme, host and port of the configured base URL — and never to any other: a video URI
 * elsewhere is refused, and a redirect is followed (at most {@value #MAX_REDIRECTS} times, never
 * from https to http) without the key. OkHttp's own redirects are off for this reason: it would
 * carry the {@code x-goog-api-key} header to the next host. The video is read into memory within
 * a bound. Threadsafe.
 */
final class VideoDownload {
  static final int MAX_REDIRECTS = 5;

  private final ProviderHttp http;
  private final OkHttpClient client;
  private final HttpUrl apiBase;
  private final long maxBytes;

  VideoDownload(ProviderHttp http, long maxBytes) {
    this.http = http;
    this.apiBase = http.settings().baseUrl();
    this.maxBytes = maxBytes;
    this.client = http.settings().httpClient().newBuilder().followRedirects(false).followSslRedirects(false).build();
  }

  /**
   * Downloads the video at {@code uri}. Completes exceptionally with a non-retryable
   * {@link ProviderFailureException} if the URI is not on the API's host, a redirect goes
   * elsewhere than it may, or the video is over the bound; with the mapped error if Google
   * answers with an error; with a retryable one if the transfer breaks.
   */
  CompletableFuture<Asset.Builder> fetch(String uri) {
    HttpUrl url = HttpUrl.parse(Objects.requireNonNull(uri, "uri"));
    if (url == null) return failed("the video URI is not an http(s) URL", false);
    if (!sameOrigin(url, apiBase)) {
      // Never trust the answer with the key: only the configured API host gets it.
      return failed("the video URI is on " + url.host() + ", not on the API's host " + apiBase.host()
          + "; the key is not sent there", false);
    }
    Request keyed = http.request(url).get().build();
    return HttpCalls.send(client, keyed, http.provider(), true).thenCompose(r -> follow(r, url, 0));
  }

  private CompletableFuture<Asset.Builder> follow(Response response, HttpUrl from, int redirects) {
    try (Response r = response) {
      if (r.isRedirect()) {
        String location = r.header("Location");
        HttpUrl next = location == null ? null : from.resolve(location);
        if (next == null) return failed("a redirect from the video download has no usable Location", false);
        if (from.isHttps() && !next.isHttps()) return failed("refusing a redirect of the video download from https to http", false);
        if (redirects == MAX_REDIRECTS) return failed("more than " + MAX_REDIRECTS + " redirects for the video", false);
        // A redirect target gets no key, wherever it points.
        Request plain = new Request.Builder().url(next).get().build();
        return HttpCalls.send(client, plain, http.provider(), true).thenCompose(n -> follow(n, next, redirects + 1));
      }
      if (!r.isSuccessful()) {
        if (redirects == 0) return CompletableFuture.failedFuture(http.error(errorAnswer(r)));
        int code = r.code();
        boolean retryable = code == 408 || code == 429 || code >= 500;
        return failed("the video download answered HTTP " + code + " at " + from.host(), retryable, code);
      }
      return CompletableFuture.completedFuture(read(r));
    } catch (ProviderFailureException e) {
      return CompletableFuture.failedFuture(e);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(new ProviderFailureException(http.provider(),
          "reading the video failed (" + e.getClass().getSimpleName() + ")", 0, true, e));
    }
  }

  private Asset.Builder read(Response r) throws IOException {
    ResponseBody body = r.body();
    if (body.contentLength() > maxBytes) {
      throw new ProviderFailureException(http.provider(), "the video of " + body.contentLength()
          + " bytes is over the bound of " + maxBytes + " bytes", r.code(), false, null);
    }
    BufferedSource source = body.source();
    if (source.request(maxBytes + 1)) {
      throw new ProviderFailureException(http.provider(), "the video is over the bound of " + maxBytes + " bytes",
          r.code(), false, null);
    }
    byte[] bytes = source.getBuffer().readByteArray();
    String type = body.contentType() == null ? "video/mp4" : body.contentType().type() + "/" + body.contentType().subtype();
    // The Files API may label the download as bytes; Veo makes MP4.
    if (!type.startsWith("video/")) type = "video/mp4";
    return Asset.builder(type).bytes(bytes);
  }

  private static Answer errorAnswer(Response r) throws IOException {
    Buffer buffer = new Buffer();
    BufferedSource source = r.body().source();
    source.request(64 << 10);
    long n = Math.min(source.getBuffer().size(), 64 << 10);
    source.getBuffer().copyTo(buffer, 0, n);
    return Answer.of(r.code(), r.headers(), buffer.readUtf8());
  }

  private static boolean sameOrigin(HttpUrl a, HttpUrl b) {
    return a.scheme().equals(b.scheme()) && a.host().equalsIgnoreCase(b.host()) && a.port() == b.port();
  }

  private <T> CompletableFuture<T> failed(String why, boolean retryable) {
    return failed(why, retryable, 0);
  }

  private <T> CompletableFuture<T> failed(String why, boolean retryable, int status) {
    return CompletableFuture.failedFuture(new ProviderFailureException(http.provider(), why, status, retryable, null));
  }
}
