package dev.unigen.cli;

import dev.unigen.Chain;
import dev.unigen.Generation;
import dev.unigen.GenerationException;
import dev.unigen.Generator;
import dev.unigen.InvalidRequestException;
import dev.unigen.NoOfferException;
import dev.unigen.assets.Asset;
import dev.unigen.budget.Budget;
import dev.unigen.catalog.Catalog;
import dev.unigen.ledger.CostLedger;
import dev.unigen.money.Money;
import dev.unigen.routing.Selector;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code unigen chain quote | run}: a chain file priced as a whole, or run step by step. */
@Command(
    name = "chain",
    header = "Quotes or runs a chain file: a multi-step generation priced as a whole.",
    mixinStandardHelpOptions = true,
    description = "Quotes a chain file (docs/chains.md) step by step from the catalog, or runs it on the configured providers.",
    subcommands = {ChainCommand.QuoteChain.class, ChainCommand.RunChain.class})
final class ChainCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    Io io = Cli.io(spec);
    io.err().println("unigen chain: name a command: quote or run");
    spec.commandLine().usage(io.err());
    return Cli.USAGE;
  }

  /** Reads a chain file; a missing one, or one that does not fit the format or is wrongly wired, is a failure naming it. */
  static Chain load(Path file) {
    if (!Files.isRegularFile(file)) throw new CliException("no such chain file: " + file);
    try {
      return Chain.fromJson(Files.readString(file, StandardCharsets.UTF_8), file.getFileName().toString());
    } catch (IOException e) {
      throw new CliException("cannot read chain file " + file + ": " + e.getMessage(), e);
    } catch (InvalidRequestException e) {
      throw new CliException(e.getMessage(), e);
    }
  }

  /** Warns on standard error about each offer quoted for a step that retires within 30 days. */
  static void warnRetiring(Chain.Quote quote, Io io, CommandSpec spec) {
    List<dev.unigen.routing.Plan> plans = new java.util.ArrayList<>();
    for (Chain.StepQuote s : quote.steps()) plans.add(s.plan());
    Retirements.warn(plans, java.time.LocalDate.now(io.clock()), spec.qualifiedName(), io.err());
  }

  /** Prints the quote as a table: each step's task, offer, expected output size and estimate, then the total. */
  static void print(Chain.Quote quote, PrintWriter out) {
    Quotes.Table t = new Quotes.Table("step", "task", "offer", "output", "estimate");
    for (Chain.StepQuote s : quote.steps()) {
      t.row(s.step(), s.task().wireName(), s.chosen().offer().key(), s.outputSize().map(Object::toString).orElse("-"),
          s.estimate().map(Quotes::plain).orElse("unpriced"));
    }
    t.row("total", "", "", "", Quotes.plain(quote.total()) + (quote.complete() ? "" : " + unpriced"));
    t.print(out, "  ");
  }

  /** What no offer can serve, and why each offer was left out: a failure of status 1. */
  static int noOffer(NoOfferException e, Io io, CommandSpec who) {
    String step = e.plan().request().tags().getOrDefault(Chain.STEP_TAG, "?");
    io.out().println("Step " + step + " (" + e.plan().request().task().wireName() + "):");
    Quotes.print(e.plan(), io.out());
    io.out().flush();
    io.err().println(who.qualifiedName() + ": " + e.getMessage().lines().findFirst().orElse(""));
    return Cli.FAILED;
  }

  /** {@code unigen chain quote}. */
  @Command(
      name = "quote",
      header = "Prices every step of a chain file, from the catalog alone.",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
          "Prices a chain file step by step on the offers the cheapest strategy chooses, each step on the size the steps"
              + " before it produce, and the total. Nothing is sent anywhere and no key is needed.",
          "Exits with status 1 when a step has no offer able to serve it."})
  static final class QuoteChain implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<chain.json>", description = "The chain file.")
    private Path file;

    @Option(names = "--alternatives", description = "Also list, for each step, every offer able to serve it, ranked, and why the others cannot.")
    private boolean alternatives;

    @Mixin
    private MoneyOptions money;

    @Mixin
    private CatalogOptions catalogs;

    @Override
    public Integer call() {
      Io io = Cli.io(spec);
      Chain chain = load(file);
      Catalog catalog = catalogs.load();
      Currency currency = money.currency(Optional.empty());
      Selector selector = Selector.builder().catalog(catalog).currency(currency).fxRates(money.fxRates()).clock(io.clock())
          .build();
      io.err().println("catalog: " + catalogs.describe());
      PrintWriter out = io.out();
      out.println("Chain " + chain.name() + " (" + file.getFileName() + "): " + chain.stepNames().size()
          + (chain.stepNames().size() == 1 ? " step" : " steps"));
      out.println("Prices in " + currency.getCurrencyCode()
          + (money.describe().isEmpty() ? "" : " (" + String.join(", ", money.describe()) + ")") + ".");
      out.println();
      Chain.Quote quote;
      try {
        quote = chain.quote(selector);
      } catch (NoOfferException e) {
        return noOffer(e, io, spec);
      }
      print(quote, out);
      warnRetiring(quote, io, spec);
      if (alternatives) {
        for (Chain.StepQuote s : quote.steps()) {
          out.println();
          out.println("Step " + s.step() + " (" + s.task().wireName() + "):");
          Quotes.print(s.plan(), out);
        }
      } else {
        out.println();
        out.println("--alternatives lists every offer able to serve each step, and why the others cannot.");
      }
      return Cli.OK;
    }
  }

  /** {@code unigen chain run}. */
  @Command(
      name = "run",
      header = "Runs a chain file on the configured providers (the sandbox without keys).",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
          "Runs a chain file step by step, independent steps at once, each step failing over like a single request, on"
              + " the providers whose API key is set in the environment; with none set, the offline sandbox runs it at"
              + " zero cost.",
          "Prints the quote, then each step's provider and cost, the files saved, and the actual against the quoted"
              + " total. A step that fails stops the chain, keeping what the steps before it made; the status is then 1."})
  static final class RunChain implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<chain.json>", description = "The chain file.")
    private Path file;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "unigen-output",
        description = "Where to save each step's image or video; checked writable before anything is sent."
            + " Default: ${DEFAULT-VALUE}.")
    private Path out;

    @Option(names = "--ledger", paramLabel = "FILE",
        description = "Append every attempt to this cost-ledger file (JSONL), tagged with the chain, the run and the step,"
            + " for unigen ledger report.")
    private Path ledger;

    @Option(names = "--budget", paramLabel = "USD", converter = Converters.DecimalConverter.class,
        description = "Refuse to start unless the whole chain's estimate fits in this many US dollars; it is reserved"
            + " before the first step.")
    private BigDecimal budget;

    @Override
    public Integer call() {
      Io io = Cli.io(spec);
      if (budget != null && budget.signum() < 0) throw new ParameterException(spec.commandLine(), "--budget must not be negative: " + budget);
      Chain declared = load(file);
      OutputDir.check(out, "--out");
      CostLedger costs = null;
      try {
        Generator.Builder gb = io.generator();
        if (budget != null) gb.budget(Budget.perDay(Money.usd(budget)));
        if (ledger != null) {
          try {
            costs = CostLedger.jsonl(ledger);
          } catch (UncheckedIOException | IllegalStateException e) {
            throw new CliException("cannot open ledger file " + ledger + ": " + e.getMessage(), e);
          }
          gb.ledger(costs);
        }
        try (Generator gen = gb.build()) {
          return run(declared.on(gen), gen, io);
        }
      } finally {
        if (costs != null) costs.close();
      }
    }

    private int run(Chain chain, Generator gen, Io io) {
      PrintWriter o = io.out();
      o.println("Providers: " + String.join(", ", gen.providers()));
      o.println();
      o.println("Chain " + chain.name() + " (" + file.getFileName() + "), quoted:");
      Chain.Quote quote;
      try {
        quote = chain.quote();
      } catch (NoOfferException e) {
        return noOffer(e, io, spec);
      }
      print(quote, o);
      o.flush();
      warnRetiring(quote, io, spec);

      Chain.Result r;
      try {
        r = chain.run();
      } catch (NoOfferException e) {
        return noOffer(e, io, spec);
      }
      o.println();
      o.println("Run " + r.runId() + ":");
      Quotes.Table t = new Quotes.Table("step", "provider", "model", "cost", "basis", "estimate");
      for (Map.Entry<String, Generation> e : r.steps().entrySet()) {
        Generation g = e.getValue();
        t.row(e.getKey(), g.provider(), g.model(), g.cost().actual().map(Quotes::plain).orElse("unknown"),
            g.cost().basis().name(), g.cost().estimate().map(Quotes::plain).orElse("-"));
      }
      if (r.failedStep().isPresent()) t.row(r.failedStep().get(), "-", "-", "-", "FAILED", "-");
      t.print(o, "  ");
      String id = r.runId().length() > 8 ? r.runId().substring(0, 8) : r.runId();
      for (Map.Entry<String, Generation> e : r.steps().entrySet()) save(chain.name() + "-" + id, e.getKey(), e.getValue(), o);
      Money difference = r.actual().minus(r.quote().total());
      o.println("Actual " + Quotes.plain(r.actual()) + " against " + Quotes.plain(r.quote().total()) + " quoted ("
          + (difference.amount().signum() > 0 ? "+" : "") + Quotes.plain(difference) + ").");
      o.flush();
      if (r.failure().isPresent()) {
        GenerationException why = r.failure().get();
        io.err().println("unigen chain run: step " + r.failedStep().get() + " failed, so the chain stopped; the steps before"
            + " it are kept above: " + why.getMessage());
        return Cli.FAILED;
      }
      return Cli.OK;
    }

    /** Saves a step's images or video as {@code <chain>-<run>-<step>.<ext>}; prints a text step's text. */
    private void save(String run, String step, Generation g, PrintWriter o) {
      g.text().ifPresent(text -> o.println("  " + step + " wrote: " + text.strip().replaceAll("\\s+", " ")));
      for (int i = 0; i < g.assets().size(); i++) {
        Asset a = g.assets().get(i);
        String name = run + "-" + step + (g.assets().size() > 1 ? "-" + (i + 1) : "");
        Path path = out.resolve(name + "." + GenerateCommand.extension(a.mediaType()));
        Path saved = a.saveTo(path);
        String dims = a.width().isPresent() && a.height().isPresent() ? " " + a.width().getAsInt() + "x" + a.height().getAsInt() : "";
        o.println("  saved " + saved + " (" + a.mediaType() + dims + ")");
      }
    }
  }
}
