package dev.unigen;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** Streams an asset's URL to a file: https only (plain http only to loopback), written atomically. */
final class Downloads {
  private Downloads() {}

  static Asset.Fetcher fetcher(OkHttpClient client) {
    return (url, target) -> {
      HttpUrl parsed = HttpUrl.parse(url);
      if (parsed == null) throw new IOException("not an http(s) URL: " + url);
      if (!parsed.isHttps() && !isLoopback(parsed.host())) {
        throw new IOException("refusing plain http download from " + parsed.host() + "; https is required");
      }
      Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), ".unigen-", ".part");
      try (Response r = client.newCall(new Request.Builder().url(parsed).header("User-Agent", "unigen").build()).execute()) {
        if (!r.isSuccessful()) throw new IOException("download of " + parsed.redact() + " failed: HTTP " + r.code());
        try (InputStream in = r.body().byteStream()) {
          Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    };
  }

  static boolean isLoopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
  }
}
