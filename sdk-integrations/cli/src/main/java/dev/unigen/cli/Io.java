package dev.unigen.cli;

import dev.unigen.Generator;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where a run of the command writes, what environment and clock it sees, and how it sets up the
 * generators it builds: the process's own for the real command; captured writers, a given
 * environment, a fixed clock and local providers in tests. Immutable.
 */
final class Io {
  private final PrintWriter out;
  private final PrintWriter err;
  private final Map<String, String> env;
  private final Clock clock;
  private final Consumer<Generator.Builder> generators;

  Io(PrintWriter out, PrintWriter err, Map<String, String> env) {
    this(out, err, env, Clock.systemUTC(), b -> { });
  }

  Io(PrintWriter out, PrintWriter err, Map<String, String> env, Clock clock, Consumer<Generator.Builder> generators) {
    this.out = Objects.requireNonNull(out, "out");
    this.err = Objects.requireNonNull(err, "err");
    this.env = env == null ? null : Map.copyOf(env);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.generators = Objects.requireNonNull(generators, "generators");
  }

  /** Standard output: the report, the quote, the list asked for. */
  PrintWriter out() { return out; }

  /** Standard error: errors, progress, and notes about what was written where. */
  PrintWriter err() { return err; }

  /** The environment providers read their keys from; {@code null} means the process's own. */
  Map<String, String> env() { return env; }

  /** The clock budgets, ledgers and generators read the time from. */
  Clock clock() { return clock; }

  /**
   * A generator builder reading providers from this run's environment, on its clock, with the
   * settings the run was given (none for the real command).
   */
  Generator.Builder generator() {
    Generator.Builder b = Generator.builder().providersFromEnvironment().clock(clock);
    if (env != null) b.environment(env);
    generators.accept(b);
    return b;
  }
}
