package dev.unigen.ledger;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.ObjIntConsumer;
import okio.BufferedSource;
import okio.Okio;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only file of JSON lines, locked against a second writer. Opening reads every complete
 * line back; a last line cut short by a crash is dropped (with a warning) and cut from the file so
 * the next line starts clean. Not threadsafe: the ledger's lock guards it.
 */
final class JsonlFile implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(CostLedger.class);

  private final Path path;
  private final FileChannel channel;
  private final FileLock lock;
  private long end;
  private boolean broken;

  private JsonlFile(Path path, FileChannel channel, FileLock lock, long end) {
    this.path = path;
    this.channel = channel;
    this.lock = lock;
    this.end = end;
  }

  /**
   * Opens (creating if needed) the file at {@code path} and hands each complete non-blank line
   * with its 1-based number to {@code lines}, in order. A line {@code lines} rejects with an
   * {@link IllegalArgumentException} is an error naming its number — unless it is the last line
   * and has no line break, which is how a crash mid-write leaves a file.
   *
   * @throws UncheckedIOException if the file cannot be read or written, or a line is corrupt
   * @throws IllegalStateException if another ledger, in this or another process, has the file open
   */
  static JsonlFile open(Path path, ObjIntConsumer<String> lines) {
    FileChannel channel = null;
    try {
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) throw new IllegalStateException("ledger file " + path + " is already open in another ledger");
      long end = readLines(path, channel, lines);
      JsonlFile file = new JsonlFile(path, channel, lock, end);
      channel = null; // owned by file now
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open ledger file " + path + ": " + e.getMessage(), e);
    } finally {
      if (channel != null) closeQuietly(channel);
    }
  }

  /** Reads every line, repairs a torn tail, and returns the size of the good part of the file. */
  private static long readLines(Path path, FileChannel channel, ObjIntConsumer<String> lines) throws IOException {
    long good = 0;
    int number = 0;
    boolean needsBreak = false;
    // Not closed: closing the stream would close the channel, which stays open for appends.
    BufferedSource source = Okio.buffer(Okio.source(Channels.newInputStream(channel.position(0))));
    while (!source.exhausted()) {
      number++;
      long newline = source.indexOf((byte) '\n');
      if (newline == -1) {
        byte[] tail = source.readByteArray();
        String text = new String(tail, StandardCharsets.UTF_8);
        if (text.isBlank()) break; // trailing spaces without a break: nothing to keep
        try {
          lines.accept(text, number);
          good += tail.length;
          needsBreak = true; // a complete entry whose line break was lost
        } catch (IllegalArgumentException e) {
          log.warn("{}: ignoring the truncated last line {} ({} bytes), left by an interrupted write: {}",
              path, number, tail.length, e.getMessage());
        }
        break;
      }
      String line = source.readUtf8(newline);
      source.skip(1);
      if (!line.isBlank()) {
        try {
          lines.accept(line, number);
        } catch (IllegalArgumentException e) {
          throw new IOException(path + " line " + number + " is corrupt: " + e.getMessage(), e);
        }
      }
      good += newline + 1;
    }
    if (good < channel.size()) channel.truncate(good);
    if (needsBreak) {
      write(channel, ByteBuffer.wrap(new byte[] {'\n'}), good);
      good++;
    }
    return good;
  }

  /**
   * Appends {@code line} and a line break, and hands them to the operating system before
   * returning. A failed write is cut back off, so the file never holds half a line.
   *
   * @throws UncheckedIOException if the line cannot be written
   * @throws IllegalStateException if an earlier failed write could not be undone
   */
  void append(String line) {
    if (broken) throw new IllegalStateException("ledger file " + path + " has a failed write that could not be undone");
    byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      write(channel, ByteBuffer.wrap(bytes), end);
      end += bytes.length;
    } catch (IOException e) {
      try {
        channel.truncate(end);
      } catch (IOException again) {
        broken = true;
        e.addSuppressed(again);
      }
      throw new UncheckedIOException("cannot append to ledger file " + path + ": " + e.getMessage(), e);
    }
  }

  private static void write(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
    long at = position;
    while (buffer.hasRemaining()) at += channel.write(buffer, at);
  }

  @Override
  public void close() throws IOException {
    try {
      if (lock.isValid()) lock.release();
    } finally {
      channel.close();
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Already failing; the first error is the one to report.
    }
  }

  @Override
  public String toString() {
    return "JsonlFile(" + path + ")";
  }
}
