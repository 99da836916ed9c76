package dev.unigen.assets;

import dev.unigen.request.Task;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where outputs are kept once a generation completes, before the provider's links expire. The
 * generator calls {@link #store} for every asset as soon as a job completes; the returned asset
 * keeps the provider URL and gains the stored location and its SHA-256. Implementations must be
 * threadsafe.
 */
public interface AssetStore {
  /** A store that writes files into {@code directory}, with downloads bounded to 2 GiB. */
  static AssetStore directory(Path directory) {
    return new LocalAssetStore(directory, LocalAssetStore.DEFAULT_MAX_BYTES);
  }

  /** A store that writes files into {@code directory}, refusing content over {@code maxBytes}. */
  static AssetStore directory(Path directory, long maxBytes) {
    if (maxBytes < 1) throw new IllegalArgumentException("maxBytes must be positive");
    return new LocalAssetStore(directory, maxBytes);
  }

  /**
   * Stores {@code asset}, whose content {@code source} streams, as output {@code index} of
   * generation {@code generationId} made for {@code task}.
   *
   * @throws IOException if the content cannot be read, is too large, or is not of a type the
   *     task produces
   */
  Asset store(Asset asset, Source source, String generationId, int index, Task task) throws IOException;

  /** Streams an asset's content, from memory, a file, or a download. */
  interface Source {
    /** Content being read; close it when done. */
    interface Content extends AutoCloseable {
      /** The bytes, read once. */
      InputStream stream();

      /** The media type the source declares, such as the download's Content-Type. */
      Optional<String> mediaType();

      /** The length the source declares, if it does. */
      OptionalLong length();

      @Override
      void close() throws IOException;
    }

    /**
     * Opens the content.
     *
     * @throws IOException if it cannot be read
     */
    Content open() throws IOException;
  }
}
