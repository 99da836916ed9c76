package dev.unigen.cli;

import dev.unigen.Attempt;
import dev.unigen.Generation;
import dev.unigen.Generator;
import dev.unigen.RequestBuilder;
import dev.unigen.assets.Asset;
import dev.unigen.budget.Budget;
import dev.unigen.catalog.Offer;
import dev.unigen.internal.Suggest;
import dev.unigen.jobs.Job;
import dev.unigen.ledger.CostLedger;
import dev.unigen.money.CurrencyMismatchException;
import dev.unigen.money.FxRates;
import dev.unigen.money.Money;
import dev.unigen.request.Size;
import dev.unigen.routing.Plan;
import dev.unigen.request.Task;
import dev.unigen.spi.ProviderFactory;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code unigen generate}: one image or video, on the cheapest configured provider that can make it. */
@Command(
    name = "generate",
    header = "Makes images or a video on the cheapest configured provider (the sandbox without keys).",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Makes images or a video from a prompt on the cheapest configured provider, failing over to the next when one"
            + " fails, and saves the results. Providers are those whose API key is set in the environment (such as"
            + " TOGETHER_API_KEY or RUNWARE_API_KEY); with none set, the offline sandbox makes them at zero cost.",
        "Prints the quote first, then every attempt, the cost and the files saved. While a provider queues or runs"
            + " the job (a video), its queue position and percent done go to standard error, so standard output keeps"
            + " only the report.",
        "--budget caps the spend (per request, day or month) and --ledger records every attempt's cost in a file;"
            + " together, a daily or monthly cap counts what earlier runs recorded. --out is checked writable before"
            + " anything is sent."})
final class GenerateCommand implements Callable<Integer> {
  /** How long to wait for a job at most; the generator gives each provider's job 30 minutes. */
  private static final Duration WAIT = Duration.ofHours(2);

  @Spec
  private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<model>", description = "A logical model id, such as flux-schnell or kling-2.1-pro.")
  private String model;

  @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "What to make.")
  private String prompt;

  @Option(names = "--size", paramLabel = "WxH", converter = Converters.SizeConverter.class, description = "Output size, such as 1024x1024.")
  private Size size;

  @Option(names = "--count", paramLabel = "N", defaultValue = "1", description = "Images to make. Default: ${DEFAULT-VALUE}.")
  private int count;

  @Option(names = "--seed", paramLabel = "N", description = "A seed, for the same picture again.")
  private Long seed;

  @Option(names = "--duration", paramLabel = "SECONDS", converter = Converters.DurationConverter.class,
      description = "Video length, such as 5s (video models).")
  private Duration duration;

  @Option(names = "--resolution", paramLabel = "NAME", description = "Video resolution, such as 720p (video models).")
  private String resolution;

  @Option(names = "--audio", description = "Generated audio (video models that offer it).")
  private boolean audio;

  @Option(names = "--provider", paramLabel = "NAME", description = "Only this provider. Repeatable.")
  private List<String> providers = new ArrayList<>();

  @Option(names = "--max-cost", paramLabel = "USD", converter = Converters.DecimalConverter.class,
      description = "Refuse offers whose estimate is above this many US dollars.")
  private BigDecimal maxCost;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "unigen-output",
      description = "Where to save the results; checked writable before anything is sent. Default: ${DEFAULT-VALUE}.")
  private Path out;

  @Option(names = "--budget", paramLabel = "CAP", converter = Converters.BudgetConverter.class,
      description = "Refuse to spend over this cap: 5USD/day, 100USD/month, or a plain amount (0.50USD) for this one"
          + " request. US dollars when no currency is given. With --ledger, what the ledger file records for the"
          + " current day or month (UTC) counts against the cap, so repeated runs keep to it.")
  private Converters.BudgetCap budget;

  @Option(names = "--ledger", paramLabel = "FILE",
      description = "Append every attempt and its cost to this cost-ledger file (JSONL; created if missing), for"
          + " unigen ledger report and for --budget in later runs.")
  private Path ledger;

  @Option(names = "--fx", paramLabel = "FROM:TO=RATE", converter = Converters.RateConverter.class,
      description = "An exchange rate, units of TO per FROM, for a budget or ledger entries in another currency than"
          + " the offers' (--fx USD:EUR=0.92). Repeatable.")
  private List<Converters.Rate> rates = new ArrayList<>();

  /** Why {@code provider} is not among the generator's: its key is not set, or no module of that name is here. */
  static String notConfigured(String provider) {
    List<String> names = new ArrayList<>();
    for (ProviderFactory f : ServiceLoader.load(ProviderFactory.class)) {
      if (f.name().equals(provider)) {
        return "provider " + provider + " is not configured: set " + String.join(" or ", f.keyVariables());
      }
      names.add(f.name());
    }
    return "no provider named '" + provider + "'" + Suggest.didYouMean(provider, names) + "; there are "
        + String.join(", ", new TreeSet<>(names));
  }

  @Override
  public Integer call() {
    Io io = Cli.io(spec);
    if (count < 1) throw new ParameterException(spec.commandLine(), "--count must be at least 1: " + count);
    // Before any provider is called: a result paid for and then not saved is money lost.
    OutputDir.check(out, "--out");
    FxRates fx = fxRates();
    Generator.Builder gb = io.generator().fxRates(fx);
    Budget caps = null;
    if (budget != null) {
      caps = budget.budget(fx, io.clock());
      gb.budget(caps);
    }
    CostLedger costs = null;
    try {
      if (ledger != null) {
        costs = openLedger(fx, io);
        gb.ledger(costs);
      }
      try (Generator gen = gb.build()) {
        return generate(gen, caps, costs, io);
      }
    } finally {
      if (costs != null) costs.close();
    }
  }

  private int generate(Generator gen, Budget caps, CostLedger costs, Io io) {
    for (String p : providers) {
      if (!gen.providers().contains(p)) throw new CliException(notConfigured(p));
    }
    PrintWriter o = io.out();
    o.println("Providers: " + String.join(", ", gen.providers()));
    if (caps != null) o.println("Budget: " + budgetLine(caps, costs, io));
    List<Offer> offers = gen.catalog().offers(model);
    if (offers.isEmpty()) {
      throw new CliException("no configured provider offers model '" + model + "'; they offer: "
          + String.join(", ", gen.catalog().models()));
    }
    RequestBuilder<?> request = request(gen, QuoteCommand.defaultTask(offers));
    o.println();
    o.println("Quote:");
    Plan quoted = request.quote();
    Quotes.print(quoted, o);
    o.flush();
    Retirements.warn(quoted, LocalDate.now(io.clock()), spec.qualifiedName(), io.err());

    // As a job, so a provider's queue position and percent reach standard error while it runs.
    Job<Generation> job = request.submit().onProgress(new ProgressLines(io.err()));
    Generation g = job.await(WAIT);
    o.println();
    o.println("Attempts:");
    Quotes.Table t = new Quotes.Table("provider", "outcome", "tries", "reason");
    for (Attempt a : g.attempts()) t.row(a.provider(), a.outcome().name(), String.valueOf(a.tries()), a.reason());
    t.print(o, "  ");
    o.println("Made on " + g.provider() + " (" + g.endpoint() + ") in " + g.elapsed().toMillis() + " ms");
    o.println("  cost " + money(g.cost().actual()) + " " + g.cost().basis() + ", estimated " + money(g.cost().estimate())
        + " (" + g.cost().rule() + ")");
    for (String w : g.warnings()) o.println("  note: " + w);
    List<Asset> assets = g.assets();
    String id = g.id().length() > 8 ? g.id().substring(0, 8) : g.id();
    for (int i = 0; i < assets.size(); i++) {
      Asset a = assets.get(i);
      Path file = a.saveTo(out.resolve(model + "-" + id + (assets.size() > 1 ? "-" + (i + 1) : "") + "." + extension(a.mediaType())));
      String dims = a.width().isPresent() && a.height().isPresent() ? " " + a.width().getAsInt() + "x" + a.height().getAsInt() : "";
      o.println("  saved " + file + " (" + a.mediaType() + dims + ")");
    }
    if (caps != null && budget.period != Converters.BudgetCap.Period.REQUEST) {
      Money spent = budget.period == Converters.BudgetCap.Period.DAY ? caps.spentToday() : caps.spentThisMonth();
      o.println("Budget: " + Quotes.plain(spent) + " spent " + periodName() + " of " + Quotes.plain(budget.cap) + ", "
          + Quotes.plain(left(spent)) + " left.");
    }
    o.flush();
    if (costs != null) {
      long n = costs.entries().stream().filter(e -> e.generationId().equals(g.id())).count();
      io.err().println("recorded " + n + (n == 1 ? " attempt" : " attempts") + " in ledger " + ledger);
    }
    return Cli.OK;
  }

  private FxRates fxRates() {
    FxRates.Builder b = FxRates.builder().scale(MoneyOptions.SCALE);
    for (Converters.Rate r : rates) b.rate(r.from, r.to, r.rate);
    return b.build();
  }

  /** The ledger file, totalled in the budget's currency. */
  private CostLedger openLedger(FxRates fx, Io io) {
    CostLedger.Builder b = CostLedger.builder().file(ledger).clock(io.clock()).fxRates(fx);
    if (budget != null) b.currency(budget.cap.currency());
    try {
      return b.build();
    } catch (UncheckedIOException | IllegalStateException e) {
      throw new CliException("cannot open ledger file " + ledger + ": " + e.getMessage(), e);
    }
  }

  /**
   * The cap, and for a daily or monthly one what is already spent: with a ledger file, what it
   * records for the current period is counted against the budget first, so the cap holds across
   * runs; without one, the cap only sees this run, which a note says.
   */
  private String budgetLine(Budget caps, CostLedger costs, Io io) {
    if (budget.period == Converters.BudgetCap.Period.REQUEST) return budget.describe() + ".";
    if (costs == null) {
      io.err().println("note: --budget " + budget + " counts only what this run spends; with --ledger FILE it also counts"
          + " what earlier runs recorded there " + periodName());
      return budget.describe() + ".";
    }
    Money spent = spentInPeriod(costs, io);
    if (!spent.isZero()) caps.spend(spent, Map.of());
    return budget.describe() + "; " + Quotes.plain(spent) + " spent " + periodName() + " as " + ledger + " records, "
        + Quotes.plain(left(spent)) + " left.";
  }

  /** What the ledger charged in the current UTC day or month, in the budget's currency. */
  private Money spentInPeriod(CostLedger costs, Io io) {
    LocalDate today = LocalDate.ofInstant(io.clock().instant(), ZoneOffset.UTC);
    boolean daily = budget.period == Converters.BudgetCap.Period.DAY;
    LocalDate from = daily ? today : today.withDayOfMonth(1);
    LocalDate to = daily ? from.plusDays(1) : from.plusMonths(1);
    try {
      return costs.totals(from.atStartOfDay(ZoneOffset.UTC).toInstant(), to.atStartOfDay(ZoneOffset.UTC).toInstant()).total();
    } catch (CurrencyMismatchException e) {
      throw new CliException("ledger file " + ledger + " holds amounts the budget in " + budget.cap.currency()
          + " cannot count: " + e.getMessage() + "; give their rate with --fx", e);
    }
  }

  private Money left(Money spent) {
    Money left = budget.cap.minus(spent);
    return left.isNegative() ? Money.zero(left.currency()) : left;
  }

  private String periodName() {
    return budget.period == Converters.BudgetCap.Period.DAY ? "today" : "this month";
  }

  private RequestBuilder<?> request(Generator gen, Task task) {
    RequestBuilder<?> b;
    if (task.producesVideo()) {
      RequestBuilder.Video v = gen.video(model).prompt(prompt).audio(audio);
      if (duration != null) v.duration(duration);
      if (resolution != null) v.resolution(resolution);
      if (size != null) v.size(size.width(), size.height());
      if (count != 1) throw new ParameterException(spec.commandLine(), "--count is for images; " + model + " makes one video");
      b = v;
    } else if (task == Task.TEXT_TO_IMAGE) {
      RequestBuilder.Image i = gen.image(model).prompt(prompt).count(count);
      if (size != null) i.size(size.width(), size.height());
      if (resolution != null) i.resolution(resolution);
      b = i;
    } else {
      throw new CliException("generate makes images and videos from a prompt; " + model + " does " + task.wireName());
    }
    if (seed != null) b.seed(seed);
    for (String p : providers) b.provider(p);
    if (maxCost != null) b.maxCost(Money.usd(maxCost));
    b.tag("source", "unigen-cli");
    return b;
  }

  private static String money(java.util.Optional<Money> m) {
    return m.map(Quotes::plain).orElse("unknown");
  }

  static String extension(String mediaType) {
    String t = mediaType.toLowerCase(Locale.ROOT);
    int semi = t.indexOf(';');
    if (semi >= 0) t = t.substring(0, semi).strip();
    switch (t) {
      case "image/png": return "png";
      case "image/jpeg": return "jpg";
      case "image/webp": return "webp";
      case "image/gif": return "gif";
      case "video/mp4": return "mp4";
      case "video/webm": return "webm";
      case "video/quicktime": return "mov";
      case "text/plain": return "txt";
      default: return "bin";
    }
  }
}
