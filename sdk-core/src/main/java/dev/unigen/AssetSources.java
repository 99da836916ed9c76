package dev.unigen;

import dev.unigen.assets.AssetSource;
import dev.unigen.spi.http.DataUri;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Where an asset's content comes from: memory, a file, a data URI, or a download — https only,
 * plain http only from loopback (local test servers), streamed from the response body.
 */
final class AssetSources {
  private AssetSources() {}

  static AssetSource of(Asset asset, OkHttpClient client) {
    if (asset.hasBytes()) {
      byte[] bytes = asset.bytes();
      return () -> content(new ByteArrayInputStream(bytes), asset.mediaType(), bytes.length, null);
    }
    if (asset.file().isPresent()) {
      Path file = asset.file().get();
      return () -> content(Files.newInputStream(file), asset.mediaType(), Files.size(file), null);
    }
    String url = asset.url().orElseThrow(() -> new IllegalArgumentException("asset has no content"));
    if (url.startsWith("data:")) {
      return () -> {
        DataUri d = DataUri.parse(url);
        byte[] bytes = d.bytes();
        return content(new ByteArrayInputStream(bytes), d.mediaType(), bytes.length, null);
      };
    }
    return () -> download(client, url);
  }

  static AssetSource.Content download(OkHttpClient client, String url) throws IOException {
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) throw new IOException("not an http(s) URL");
    if (!parsed.isHttps() && !isLoopback(parsed.host())) {
      throw new IOException("refusing a plain http download from " + parsed.host() + "; https is required");
    }
    Response r = client.newCall(new Request.Builder().url(parsed).header("User-Agent", "unigen").build()).execute();
    if (!r.isSuccessful()) {
      r.close();
      throw new IOException("download of " + parsed.redact() + " failed: HTTP " + r.code());
    }
    String type = r.header("Content-Type");
    long length = r.body().contentLength();
    return content(r.body().byteStream(), type, length, r);
  }

  private static AssetSource.Content content(InputStream in, String type, long length, Response response) {
    return new AssetSource.Content() {
      @Override public InputStream stream() { return in; }
      @Override public Optional<String> mediaType() { return Optional.ofNullable(type); }
      @Override public OptionalLong length() { return length >= 0 ? OptionalLong.of(length) : OptionalLong.empty(); }

      @Override
      public void close() throws IOException {
        in.close();
        if (response != null) response.close();
      }
    };
  }

  static boolean isLoopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
  }
}
