package dev.unigen.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Objects;

/**
 * Where a run of the command writes and what environment it sees: the process's own for the real
 * command, captured writers and a given environment in tests. Immutable.
 */
final class Io {
  private final PrintWriter out;
  private final PrintWriter err;
  private final Map<String, String> env;

  Io(PrintWriter out, PrintWriter err, Map<String, String> env) {
    this.out = Objects.requireNonNull(out, "out");
    this.err = Objects.requireNonNull(err, "err");
    this.env = env == null ? null : Map.copyOf(env);
  }

  /** Standard output: the report, the quote, the list asked for. */
  PrintWriter out() { return out; }

  /** Standard error: errors, and notes about what was written where. */
  PrintWriter err() { return err; }

  /** The environment providers read their keys from; {@code null} means the process's own. */
  Map<String, String> env() { return env; }
}
