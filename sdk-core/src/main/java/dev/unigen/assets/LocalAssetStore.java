package dev.unigen.assets;

import dev.unigen.request.Task;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Writes assets as files named {@code <generation>-<index>.<ext>}: streamed in chunks (never the
 * whole file in memory), counted against a size bound, hashed with SHA-256 on the way, checked to
 * be of a type the task produces, written to a temporary file and renamed into place.
 */
final class LocalAssetStore implements AssetStore {
  static final long DEFAULT_MAX_BYTES = 2L * 1024 * 1024 * 1024;
  private final Path directory;
  private final long maxBytes;

  LocalAssetStore(Path directory, long maxBytes) {
    this.directory = directory;
    this.maxBytes = maxBytes;
  }

  @Override
  public Asset store(Asset asset, Source source, String generationId, int index, Task task) throws IOException {
    Files.createDirectories(directory);
    try (Source.Content content = source.open()) {
      String type = content.mediaType().map(LocalAssetStore::baseType).orElse(asset.mediaType());
      if (!expected(task, type)) {
        throw new IOException("content of type " + type + " is not what " + task.wireName() + " produces");
      }
      if (content.length().isPresent() && content.length().getAsLong() > maxBytes) {
        throw new IOException("content of " + content.length().getAsLong() + " bytes is over the limit of " + maxBytes);
      }
      Path target = directory.resolve(generationId + "-" + index + extension(type));
      Path tmp = Files.createTempFile(directory, "." + generationId + "-", ".part");
      try {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long total = 0;
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = content.stream(); OutputStream out = Files.newOutputStream(tmp)) {
          for (int n; (n = in.read(buf)) > 0; ) {
            total += n;
            if (total > maxBytes) throw new IOException("content is over the limit of " + maxBytes + " bytes");
            sha.update(buf, 0, n);
            out.write(buf, 0, n);
          }
        }
        if (total == 0) throw new IOException("content is empty");
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return asset.toBuilder().file(target).sha256(HexFormat.of().formatHex(sha.digest())).build();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("the JDK has no SHA-256", e);
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
  }

  static String baseType(String contentType) {
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  /** Whether a task can produce content of {@code type}; octet-stream is accepted from any. */
  static boolean expected(Task task, String type) {
    if (type.equals("application/octet-stream") || type.equals("binary/octet-stream")) return true;
    if (task.producesVideo()) return type.startsWith("video/") || type.equals("image/gif");
    if (task == Task.LORA_TRAINING) return type.equals("application/zip") || type.startsWith("application/");
    if (task == Task.TEXT) return type.startsWith("text/") || type.equals("application/json");
    return type.startsWith("image/");
  }

  static String extension(String type) {
    switch (type) {
      case "image/png": return ".png";
      case "image/jpeg": return ".jpg";
      case "image/webp": return ".webp";
      case "image/gif": return ".gif";
      case "video/mp4": return ".mp4";
      case "video/webm": return ".webm";
      case "application/zip": return ".zip";
      case "text/plain": return ".txt";
      default: return ".bin";
    }
  }

  @Override
  public String toString() {
    return "AssetStore(" + directory + ")";
  }
}
