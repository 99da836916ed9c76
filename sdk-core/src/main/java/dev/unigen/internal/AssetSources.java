package dev.unigen.internal;

import dev.unigen.assets.Asset;
import dev.unigen.assets.AssetStore;
import dev.unigen.spi.http.DataUri;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import okhttp3.Response;

/** Where an asset's content comes from: memory, a file, a data URI, or a checked, bounded download. */
public final class AssetSources {
  private AssetSources() {}

  public static AssetStore.Source of(Asset asset, Downloads downloads) {
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
    return () -> downloads.open(url);
  }


  public static AssetStore.Source.Content content(InputStream in, String type, long length, Response response) {
    return new AssetStore.Source.Content() {
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
}
