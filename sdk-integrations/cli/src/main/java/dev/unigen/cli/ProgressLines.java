package dev.unigen.cli;

import dev.unigen.jobs.Progress;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Prints a job's progress reports on standard error as they come, one line each, so standard
 * output keeps only the command's report: the provider's state, the queue position, the percent
 * done, and each log line. A report that says nothing new is not printed again. Threadsafe.
 */
final class ProgressLines implements Consumer<Progress> {
  private final PrintWriter err;
  private String last = "";

  ProgressLines(PrintWriter err) {
    this.err = err;
  }

  @Override
  public synchronized void accept(Progress p) {
    String line = line(p);
    if (!line.isEmpty() && !line.equals(last)) err.println("progress: " + line);
    if (!line.isEmpty()) last = line;
    for (String log : p.logs()) {
      if (!log.isBlank()) err.println("progress: log: " + log.strip());
    }
    err.flush();
  }

  /** {@code IN_QUEUE, queue position 2}, {@code RUNNING, 45 %}; empty when the report has none of them. */
  static String line(Progress p) {
    List<String> parts = new ArrayList<>();
    p.state().ifPresent(parts::add);
    p.queuePosition().ifPresent(q -> parts.add("queue position " + q));
    p.percent().ifPresent(pc -> parts.add(pc + " %"));
    return String.join(", ", parts);
  }
}
