package dev.unigen.examples;

import dev.unigen.Chain;
import dev.unigen.Generation;
import dev.unigen.Generator;
import dev.unigen.money.Money;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** What the chain examples share: choosing models that are served, running or resuming, and printing. */
final class Chains {
  private Chains() {}

  /** Names {@code model} on the step when a configured provider serves it; else the step takes the cheapest able. */
  static Chain.StepSpec model(Generator gen, Chain.StepSpec step, String model) {
    return gen.catalog().offers(model).isEmpty() ? step : step.model(model);
  }

  /** Runs the chain, or finishes a run an earlier start left unfinished without buying its done steps again. */
  static Chain.Result runOrResume(Chain chain) {
    List<String> unfinished = chain.unfinishedRuns();
    return unfinished.isEmpty() ? chain.run() : chain.resume(unfinished.get(0));
  }

  /** Prints each step's chosen offer, the size it is expected to make and its estimate, then the total. */
  static void printQuote(Chain.Quote quote, String title, PrintStream out) {
    int width = width(quote.steps().stream().map(Chain.StepQuote::step).toList());
    out.println();
    out.println(title);
    for (Chain.StepQuote s : quote.steps()) {
      out.println(String.format("  %-" + width + "s %-15s %-42s %-10s %s", s.step(), s.task().wireName(),
          s.chosen().offer().key(), s.outputSize().map(Object::toString).orElse("-"),
          s.estimate().map(Money::toString).orElse("unpriced")));
    }
    out.println("  total " + quote.total() + (quote.complete() ? "" : " and unpriced steps"));
  }

  /** Prints the run's id and each finished step's provider, actual cost and estimate, then why it stopped if it did. */
  static void printRun(Chain.Result r, PrintStream out) {
    int width = width(List.copyOf(r.steps().keySet()));
    out.println();
    out.println("Run " + r.runId() + (r.restored().isEmpty() ? "" : ", resumed; restored " + r.restored()) + ":");
    for (Map.Entry<String, Generation> e : r.steps().entrySet()) {
      Generation g = e.getValue();
      out.println(String.format("  %-" + width + "s %-42s %s %s, estimated %s", e.getKey(), g.provider() + "/" + g.model(),
          g.cost().actual().map(Money::toString).orElse("unpriced"), g.cost().basis(),
          g.cost().estimate().map(Money::toString).orElse("-")));
    }
    r.failure().ifPresent(f -> out.println("Stopped at step " + r.failedStep().get() + ": " + f.getMessage()));
  }

  /** The column width of step names: the longest and one space. */
  private static int width(List<String> steps) {
    return steps.stream().mapToInt(String::length).max().orElse(4) + 1;
  }
}
