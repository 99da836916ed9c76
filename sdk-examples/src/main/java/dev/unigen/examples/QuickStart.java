package dev.unigen.examples;

import dev.unigen.Attempt;
import dev.unigen.Cost;
import dev.unigen.Generation;
import dev.unigen.GenerationException;
import dev.unigen.Generator;
import dev.unigen.RequestBuilder;
import dev.unigen.assets.Asset;
import dev.unigen.budget.Budget;
import dev.unigen.catalog.Catalog;
import dev.unigen.jobs.Job;
import dev.unigen.jobs.JobJournal;
import dev.unigen.money.Money;
import dev.unigen.provider.sandbox.SandboxProvider;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import dev.unigen.routing.Exclusion;
import dev.unigen.routing.Plan;
import dev.unigen.routing.Quote;
import dev.unigen.routing.Selector;
import dev.unigen.routing.Strategy;
import dev.unigen.spi.ProviderFactory;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * A first tour of Unigen: price a picture on every provider, make it on the cheapest, turn it into
 * a short video through a background job, and read back what everything cost.
 *
 * <p>With no provider key in the environment it runs offline on the sandbox provider, at zero
 * cost, in a few seconds. Put a provider module on the classpath and set its key, and the same
 * program runs on that provider instead, for real money, capped at $5 a day by its budget.
 *
 * <pre>
 * mvn -q install -DskipTests
 * mvn -q -f sdk-examples exec:java                                  # saves to ./unigen-output/
 * mvn -q -f sdk-examples exec:java -Dexec.args="path/to/dir"       # or anywhere else
 * </pre>
 */
public final class QuickStart {
  private static final String PROMPT = "a red bicycle in the rain";

  private QuickStart() {}

  /**
   * Runs the tour, saving files to the directory named by the first argument, or
   * {@code unigen-output} in the working directory. Exits with status 1 if a generation fails.
   */
  public static void main(String[] args) {
    Path outputDir = Path.of(args.length > 0 ? args[0] : "unigen-output");
    try {
      run(outputDir, System.out);
    } catch (GenerationException e) {
      // The message already says which provider failed and why; after a failover it lists every attempt.
      System.err.println("Quick start failed: " + e.getMessage());
      System.exit(1);
    }
  }

  /**
   * Quotes, generates two pictures, makes a video from the first, prints what happened to
   * {@code out}, and returns the files saved under {@code outputDir}, pictures first.
   *
   * @throws GenerationException if a request fails on every provider or is refused by the budget
   */
  public static List<Path> run(Path outputDir, PrintStream out) {
    List<Path> saved = new ArrayList<>();
    // Closing the generator stops its scheduler and HTTP threads, so the program can exit.
    // The budget is a hard cap: a request whose estimate could break it is refused before it is sent.
    // Accepted jobs are journaled here before they are polled, so a run that dies mid-video can be
    // started again and finish the job without paying for it twice.
    Generator.Builder builder = Generator.builder()
        .budget(Budget.perDay(Money.usd("5.00")))
        .strategy(Strategy.cheapest())
        .journal(JobJournal.directory(outputDir.resolve("jobs")));
    if (anyKeySet()) {
      builder.providersFromEnvironment();            // every provider whose key is set
    } else {
      // Offline, the sandbox takes four seconds a video (a real provider takes minutes), so the
      // job's progress shows; polled twice a second.
      builder.provider(ctx -> SandboxProvider.builder().latency(Duration.ofSeconds(4)).build(ctx))
          .pollInterval(Duration.ofMillis(500), Duration.ofSeconds(1));
    }
    try (Generator gen = builder.build()) {
      // 0. What the picture costs across every provider whose module is here, from the price tables
      //    they ship: no key, no call. The generator below uses only the providers whose key is set.
      printMarket(out);
      out.println();
      out.println("Providers: " + String.join(", ", gen.providers()));
      List<Job<Generation>> unfinished = gen.jobs().resume();
      if (!unfinished.isEmpty()) out.println("Resuming " + unfinished.size() + " job(s) left by an earlier run");

      // One builder, used twice: the quote prices exactly the request that is then generated.
      // flux-schnell where a configured provider serves it, else the cheapest model that can.
      RequestBuilder.Image bicycle = (gen.catalog().offers("flux-schnell").isEmpty() ? gen.image() : gen.image("flux-schnell"))
          .prompt(PROMPT).size(1024, 1024).count(2).tag("example", "quick-start");

      // 1. What would it cost, and where? A quote calls no provider and spends nothing.
      Plan plan = bicycle.quote();
      printPlan(plan, out);

      // 2. Generate on the best offer; failover to the next one is automatic.
      Generation pictures = bicycle.generate();
      out.println();
      out.println("Generated " + pictures.assets().size() + " image(s) on " + pictures.provider() + " ("
          + pictures.model() + ", " + pictures.endpoint() + ") in " + pictures.elapsed().toMillis() + " ms");
      printCost(pictures.cost(), out);
      printFailovers(pictures, out);
      for (int i = 0; i < pictures.assets().size(); i++) {
        Asset asset = pictures.assets().get(i);
        // Providers' links expire, often within the hour: keep the files now, not later.
        Path file = asset.saveTo(outputDir.resolve("bicycle-" + (i + 1) + "." + extension(asset.mediaType())));
        saved.add(file);
        out.println("  saved " + describe(asset) + " to " + file);
      }

      // 3. Videos take minutes at real providers, so they run as jobs: submit() returns at once
      //    and Unigen polls on its own scheduler; no thread of ours waits until await().
      if (gen.catalog().offers("kling-2.1-pro").isEmpty()) {
        out.println();
        out.println("No configured provider serves kling-2.1-pro; skipping the video.");
        return saved;
      }
      Job<Generation> job = gen.video("kling-2.1-pro")
          .prompt("the bicycle rides away")
          .image(Media.file(saved.get(0)))
          .duration(Duration.ofSeconds(5))
          .submit();
      out.println();
      out.println("Submitted video job " + job.id());
      job.onProgress(p -> out.println("  progress: " + p));
      Generation clip = job.await(Duration.ofMinutes(10));
      Asset video = clip.assets().get(0);
      Path videoFile = video.saveTo(outputDir.resolve("bicycle-rides-away." + extension(video.mediaType())));
      saved.add(videoFile);
      out.println("Video made on " + clip.provider() + " (" + clip.model() + ") in "
          + clip.elapsed().toMillis() + " ms");
      printCost(clip.cost(), out);
      out.println("  saved " + describe(video) + " to " + videoFile);

      // 4. Every attempt, failed ones included, is in the ledger; the budget counts what was committed.
      out.println();
      out.println("Ledger: " + gen.ledger().entries().size() + " attempt(s), total charged "
          + gen.ledger().total());
      gen.budget().ifPresent(b -> out.println("Budget: spent today " + b.spentToday()));
    }
    return saved;
  }

  /** Whether the key of any provider module on the class path is set, as providersFromEnvironment() reads them. */
  private static boolean anyKeySet() {
    return ServiceLoader.load(ProviderFactory.class).stream().map(ServiceLoader.Provider::get)
        .filter(f -> !f.isSandbox()).flatMap(f -> f.keyVariables().stream())
        .anyMatch(v -> System.getenv(v) != null && !System.getenv(v).isBlank());
  }

  /** Prints flux-schnell at 1024x1024 priced on every shipped catalog, cheapest first. */
  private static void printMarket(PrintStream out) {
    Selector market = Selector.builder().catalog(Catalog.fromClasspath()).strategy(Strategy.cheapest()).build();
    Plan plan = market.plan(Request.builder(Task.TEXT_TO_IMAGE).model("flux-schnell").prompt(PROMPT).size(1024, 1024).build());
    out.println("flux-schnell, one 1024x1024 image, on every provider Unigen ships prices for (no key needed):");
    for (Quote q : plan.quotes()) {
      if (q.provider().equals("sandbox")) continue;
      out.println(String.format("  %-14s %-16s %s", q.provider(), q.estimate().map(Money::toString).orElse("unpriced"),
          q.offer().asOf() + " " + q.offer().source()));
    }
  }

  /** Prints the ranked offers, then every offer left out and why. */
  private static void printPlan(Plan plan, PrintStream out) {
    out.println();
    out.println("Quote for " + plan.request() + ":");
    out.println(String.format("  %-4s %-14s %-16s %-16s %s", "rank", "provider", "model", "rule", "estimate"));
    List<Quote> quotes = plan.quotes();
    for (int i = 0; i < quotes.size(); i++) {
      Quote q = quotes.get(i);
      out.println(String.format("  %-4d %-14s %-16s %-16s %s", i + 1, q.provider(), q.offer().model(), q.rule(),
          q.estimate().map(Money::toString).orElse("unpriced")));
    }
    if (plan.excluded().isEmpty()) {
      out.println("  excluded: none");
    }
    for (Exclusion e : plan.excluded()) {
      out.println(String.format("  excluded %-24s %-18s %s", e.offer().key(), e.reason(), e.detail()));
    }
  }

  private static void printCost(Cost cost, PrintStream out) {
    // The actual is never copied from the estimate: it is reported by the provider or computed from the output.
    out.println("  cost: " + cost.actual().map(Money::toString).orElse("unpriced") + " " + cost.basis()
        + " (" + cost.detail() + "), estimated " + cost.estimate().map(Money::toString).orElse("-") + " (" + cost.rule() + ")");
  }

  private static void printFailovers(Generation g, PrintStream out) {
    if (g.attempts().size() < 2) return;
    out.println("  after failing over:");
    for (Attempt a : g.attempts()) out.println("    " + a);
  }

  private static String describe(Asset a) {
    StringBuilder s = new StringBuilder(a.mediaType());
    if (a.width().isPresent() && a.height().isPresent()) {
      s.append(' ').append(a.width().getAsInt()).append('x').append(a.height().getAsInt());
    }
    a.durationSeconds().ifPresent(d -> s.append(", ").append(d.toPlainString()).append(" s"));
    a.seed().ifPresent(seed -> s.append(", seed ").append(Long.toUnsignedString(seed)));
    return s.toString();
  }

  /** A file name extension for a media type, such as {@code png} for {@code image/png}. */
  static String extension(String mediaType) {
    switch (mediaType) {
      case "image/jpeg": return "jpg";
      case "image/png": return "png";
      case "image/webp": return "webp";
      case "image/gif": return "gif";
      case "video/mp4": return "mp4";
      case "video/webm": return "webm";
      default: return "bin";
    }
  }
}
