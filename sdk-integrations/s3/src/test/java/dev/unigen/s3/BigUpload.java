package dev.unigen.s3;

import dev.unigen.assets.Asset;
import dev.unigen.request.Task;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.util.OptionalLong;

/**
 * Uploads {@code size} bytes of {@link GeneratedContent} through {@link S3AssetStore} and prints
 * the stored asset's SHA-256 and the heap's peak use. Run in its own JVM with a small heap by
 * {@link S3LargeObjectTest}.
 */
public final class BigUpload {
  private BigUpload() {}

  /** Arguments: endpoint, bucket, size in bytes, part size in bytes. */
  public static void main(String[] args) throws Exception {
    URI endpoint = URI.create(args[0]);
    String bucket = args[1];
    long size = Long.parseLong(args[2]);
    int partSize = Integer.parseInt(args[3]);
    try (S3AssetStore store = S3AssetStore.builder(bucket).endpoint(endpoint).region("us-east-1").pathStyle(true)
        .checksumsWhenRequired().credentials(TestS3.ACCESS_KEY, TestS3.SECRET_KEY)
        .keyTemplate("big/{generation}-{index}{ext}").partSize(partSize).maxBytes(2L * 1024 * 1024 * 1024)
        .build()) {
      Asset stored = store.store(Asset.builder("video/mp4").url("https://provider.example/big.mp4").build(),
          () -> S3AssetStoreTest.content(new GeneratedContent(size), "video/mp4", OptionalLong.empty()),
          "big", 0, Task.TEXT_TO_VIDEO);
      long peak = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
      }
      System.out.println("sha256=" + stored.sha256().orElseThrow() + " maxHeap="
          + Runtime.getRuntime().maxMemory() + " peakHeap=" + peak);
    }
  }
}
