package dev.unigen;

import dev.unigen.assets.Asset;
import dev.unigen.assets.AssetStore;
import dev.unigen.internal.AssetSources;
import dev.unigen.internal.Downloads;
import dev.unigen.request.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import okhttp3.OkHttpClient;

/** Stores a large download in a JVM with a small heap; prints its size and SHA-256. */
public final class LargeDownloadChild {
  private LargeDownloadChild() {}

  /** Arguments: the URL, the directory to store into. */
  public static void main(String[] args) throws Exception {
    Asset asset = Asset.builder("video/mp4").url(args[0]).build();
    Asset stored = AssetStore.directory(Path.of(args[1]))
        .store(asset, AssetSources.of(asset, new Downloads(new OkHttpClient(), true, Long.MAX_VALUE)), "big", 0, Task.TEXT_TO_VIDEO);
    System.out.println("STORED " + Files.size(stored.file().get()) + " " + stored.sha256().get()
        + " maxHeap=" + Runtime.getRuntime().maxMemory());
    System.exit(0);
  }
}
