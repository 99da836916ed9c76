package dev.unigen;

import dev.unigen.assets.AssetSource;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import okhttp3.OkHttpClient;

/** {@link Asset#saveTo} for URLs: streamed to a temporary file beside the target, then renamed. */
final class Downloads {
  private Downloads() {}

  static Asset.Fetcher fetcher(OkHttpClient client) {
    return (url, target) -> {
      Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), ".unigen-", ".part");
      try (AssetSource.Content c = AssetSources.download(client, url); InputStream in = c.stream()) {
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    };
  }
}
