package dev.unigen.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * What SLF4J Simple wrote while a check ran: the part of its log file written since {@link #start},
 * or, when it logs to the console, a copy of {@code System.err} and {@code System.out} taken
 * meanwhile. Every provider module's tests use SLF4J Simple (see its
 * {@code simplelogger.properties}). Not threadsafe; one capture at a time.
 */
final class LogCapture implements AutoCloseable {
  private static final String LOG_FILE = "org.slf4j.simpleLogger.logFile";

  private final Path file;
  private final long offset;
  private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
  private final PrintStream err;
  private final PrintStream out;

  private LogCapture(Path file) {
    this.file = file;
    this.offset = file != null && Files.exists(file) ? size(file) : 0;
    this.err = System.err;
    this.out = System.out;
    if (file == null) {
      System.setErr(new PrintStream(new Tee(err, copy), true, StandardCharsets.UTF_8));
      System.setOut(new PrintStream(new Tee(out, copy), true, StandardCharsets.UTF_8));
    }
  }

  /** Starts capturing. */
  static LogCapture start() {
    String target = System.getProperty(LOG_FILE);
    if (target == null) target = configured();
    boolean console = target == null || target.equals("System.err") || target.equals("System.out");
    return new LogCapture(console ? null : Path.of(target));
  }

  /** Everything logged since {@link #start}. */
  String text() {
    if (file == null) return copy.toString(StandardCharsets.UTF_8);
    if (!Files.exists(file)) return "";
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long length = f.length() - offset;
      if (length <= 0) return "";
      byte[] bytes = new byte[(int) Math.min(length, Integer.MAX_VALUE - 8)];
      f.seek(offset);
      f.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops copying the console. */
  @Override
  public void close() {
    if (file == null) {
      System.setErr(err);
      System.setOut(out);
    }
  }

  private static String configured() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try (InputStream in = loader == null ? null : loader.getResourceAsStream("simplelogger.properties")) {
      if (in == null) return null;
      Properties p = new Properties();
      p.load(in);
      return p.getProperty(LOG_FILE);
    } catch (IOException e) {
      return null;
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  /** Writes to the console and to the copy. */
  private static final class Tee extends OutputStream {
    private final OutputStream first;
    private final OutputStream second;

    Tee(OutputStream first, OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) throws IOException {
      first.write(b);
      synchronized (second) {
        second.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      first.write(b, off, len);
      synchronized (second) {
        second.write(b, off, len);
      }
    }

    @Override
    public void flush() throws IOException {
      first.flush();
    }
  }
}
