package dev.unigen.assets;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalLong;

/** Streams an asset's content, from memory, a file, or a download. */
public interface AssetSource {
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
