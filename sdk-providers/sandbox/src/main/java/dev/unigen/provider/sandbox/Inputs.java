package dev.unigen.provider.sandbox;

import dev.unigen.InvalidRequestException;
import dev.unigen.ProviderFailureException;
import dev.unigen.request.Media;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import okhttp3.ResponseBody;

/** Reads the content of an input {@link Media}: bytes, a file, a data URI, or a URL fetched asynchronously. */
final class Inputs {
  /** The largest input the sandbox downloads. */
  static final long MAX_BYTES = 64L * 1024 * 1024;

  private Inputs() {}

  /** Completes with the bytes of {@code media}, or with the exception a provider would report. */
  static CompletableFuture<byte[]> read(Media media, OkHttpClient http, String provider) {
    try {
      switch (media.kind()) {
        case BYTES:
          return CompletableFuture.completedFuture(media.bytes().orElseThrow());
        case DATA_URI:
          String uri = media.url().orElseThrow();
          return CompletableFuture.completedFuture(
              Base64.getMimeDecoder().decode(uri.substring(uri.indexOf(";base64,") + ";base64,".length())));
        case FILE:
          return CompletableFuture.completedFuture(Files.readAllBytes(media.file().orElseThrow()));
        default:
          return fetch(media.url().orElseThrow(), http, provider);
      }
    } catch (NoSuchFileException e) {
      return CompletableFuture.failedFuture(new InvalidRequestException(provider, "input file not found: " + e.getFile()));
    } catch (IOException e) {
      return CompletableFuture.failedFuture(new InvalidRequestException(provider, "cannot read input file: " + e.getMessage()));
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(new InvalidRequestException(provider, "input data URI is not valid base64"));
    }
  }

  private static CompletableFuture<byte[]> fetch(String url, OkHttpClient http, String provider) {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    http.newCall(new okhttp3.Request.Builder().url(url).get().build()).enqueue(new Callback() {
      @Override
      public void onFailure(Call call, IOException e) {
        result.completeExceptionally(new ProviderFailureException(provider, "cannot download input " + url, 0, false, e));
      }

      @Override
      public void onResponse(Call call, Response response) {
        try (response) {
          ResponseBody body = response.body();
          if (!response.isSuccessful()) {
            // A real provider that cannot fetch an input answers 4xx: the request fails everywhere.
            result.completeExceptionally(new InvalidRequestException(provider,
                "input " + url + " answered HTTP " + response.code()));
          } else if (body.contentLength() > MAX_BYTES) {
            result.completeExceptionally(new InvalidRequestException(provider,
                "input " + url + " is larger than " + MAX_BYTES + " bytes"));
          } else {
            result.complete(body.bytes());
          }
        } catch (IOException e) {
          result.completeExceptionally(new ProviderFailureException(provider, "cannot download input " + url, 0, false, e));
        }
      }
    });
    return result;
  }
}
