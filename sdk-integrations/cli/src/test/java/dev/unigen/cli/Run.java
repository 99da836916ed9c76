package dev.unigen.cli;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import dev.unigen.Generator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;

/** One run of the command in this process: its exit status and what it wrote. */
final class Run {
  final int status;
  final String out;
  final String err;

  private Run(int status, String out, String err) {
    this.status = status;
    this.out = out;
    this.err = err;
  }

  /** Runs {@code unigen args...} with an environment that holds no provider key. */
  static Run unigen(String... args) {
    return unigen(Map.of(), args);
  }

  static Run unigen(Map<String, String> env, String... args) {
    return unigen(env, Clock.systemUTC(), b -> { }, args);
  }

  /**
   * Runs {@code unigen args...} with {@code env}, on {@code clock}, with {@code generators} applied
   * to every generator the command builds (local providers, quick polls).
   */
  static Run unigen(Map<String, String> env, Clock clock, Consumer<Generator.Builder> generators, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Io io = new Io(new PrintWriter(out, true), new PrintWriter(err, true), env, clock, generators);
    int status = Cli.execute(args, io);
    return new Run(status, out.toString(), err.toString());
  }

  static Path write(Path dir, String name, String text) {
    try {
      return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Standard output read as one JSON object by Moshi, a parser independent of the command's own:
   * objects as maps, arrays as lists, strings, numbers as doubles.
   */
  @SuppressWarnings("unchecked")
  Map<String, Object> json() {
    try {
      JsonAdapter<Object> adapter = new Moshi.Builder().build().adapter(Object.class).failOnUnknown();
      return (Map<String, Object>) adapter.fromJson(out);
    } catch (IOException e) {
      throw new AssertionError("standard output is not JSON: " + e.getMessage() + "\n" + this, e);
    }
  }

  /** Neither stream shows a Java stack trace. */
  boolean noStackTrace() {
    return !out.contains("\tat ") && !err.contains("\tat ") && !err.contains("Exception in thread");
  }

  @Override
  public String toString() {
    return "status " + status + "\n--- out ---\n" + out + "--- err ---\n" + err;
  }
}
