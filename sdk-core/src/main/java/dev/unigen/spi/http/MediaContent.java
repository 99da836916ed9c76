package dev.unigen.spi.http;

import dev.unigen.InvalidRequestException;
import dev.unigen.request.Media;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the bytes and media type of a {@link Media} that is held locally (a file, bytes or a data
 * URI), sniffing the type from the first bytes when it is not stated.
 */
public final class MediaContent {
  private final byte[] bytes;
  private final String mediaType;

  private MediaContent(byte[] bytes, String mediaType) {
    this.bytes = bytes;
    this.mediaType = mediaType;
  }

  /**
   * Reads {@code media}.
   *
   * @throws InvalidRequestException if it is a file that cannot be read
   * @throws IllegalArgumentException if it is a URL (fetch those over HTTP)
   */
  public static MediaContent read(Media media) {
    switch (media.kind()) {
      case BYTES:
        return new MediaContent(media.bytes().get(), media.mediaType().get());
      case DATA_URI: {
        DataUri d = DataUri.parse(media.url().get());
        return new MediaContent(d.bytes(), d.mediaType());
      }
      case FILE: {
        Path file = media.file().get();
        try {
          byte[] b = Files.readAllBytes(file);
          return new MediaContent(b, media.mediaType().orElseGet(() -> sniff(b, file.getFileName().toString())));
        } catch (IOException e) {
          throw new InvalidRequestException("cannot read media file " + file + ": " + e.getMessage());
        }
      }
      default:
        throw new IllegalArgumentException("a URL is not local content: " + media);
    }
  }

  /** The content. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The media type. */
  public String mediaType() {
    return mediaType;
  }

  /** The content as a data URI. */
  public String dataUri() {
    return DataUri.encode(bytes, mediaType);
  }

  /** Guesses a media type from magic bytes, then from the file name. */
  public static String sniff(byte[] b, String name) {
    if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') return "image/png";
    if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) return "image/jpeg";
    if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F') return "image/gif";
    if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') return "image/webp";
    if (b.length >= 12 && b[4] == 'f' && b[5] == 't' && b[6] == 'y' && b[7] == 'p') return "video/mp4";
    if (b.length >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4) return "application/zip";
    String n = name.toLowerCase(java.util.Locale.ROOT);
    if (n.endsWith(".png")) return "image/png";
    if (n.endsWith(".jpg") || n.endsWith(".jpeg")) return "image/jpeg";
    if (n.endsWith(".webp")) return "image/webp";
    if (n.endsWith(".mp4")) return "video/mp4";
    if (n.endsWith(".zip")) return "application/zip";
    return "application/octet-stream";
  }
}
