package dev.unigen.examples;

import dev.unigen.Attempt;
import dev.unigen.Generation;
import dev.unigen.GenerationException;
import dev.unigen.Generator;
import dev.unigen.RequestBuilder;
import dev.unigen.assets.Asset;
import dev.unigen.routing.Exclusion;
import dev.unigen.routing.Plan;
import dev.unigen.routing.Quote;
import dev.unigen.routing.Strategy;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * One FLUX.1 [schnell] picture, priced on every configured provider before anything is paid, then
 * made on the cheapest, failing over to the next when a provider is down.
 *
 * <p>Every provider module whose key is set takes part (Together, Hugging Face and Runware all
 * serve {@code flux-schnell}, each with its own kind of price: per 10^6-pixel megapixel, per
 * second of GPU time, per 2^20-pixel megapixel); with no key set it runs offline on the sandbox.
 *
 * <pre>
 * mvn -q install -DskipTests
 * mvn -q -f sdk-examples exec:java -Dexec.mainClass=dev.unigen.examples.CheapestFlux
 * mvn -q -f sdk-examples exec:java -Dexec.mainClass=dev.unigen.examples.CheapestFlux -Dexec.args="path/to/dir"
 * </pre>
 */
public final class CheapestFlux {
  /** The logical model: one name for the same model on every provider that serves it. */
  public static final String MODEL = "flux-schnell";
  private static final String PROMPT = "a red bicycle in the rain";

  private CheapestFlux() {}

  /**
   * Runs the example on the providers found in the environment, saving the picture to the
   * directory named by the first argument, or {@code unigen-output/cheapest-flux}. Exits with
   * status 1 if no provider could make it.
   */
  public static void main(String[] args) {
    Path outputDir = Path.of(args.length > 0 ? args[0] : "unigen-output/cheapest-flux");
    try (Generator gen = Generator.builder()
        .providersFromEnvironment()        // every provider whose key is set; the sandbox when none is
        .strategy(Strategy.cheapest())
        .build()) {
      run(gen, outputDir, System.out);
    } catch (GenerationException e) {
      // After a failover the message lists every attempt; with no offer it gives each offer's reason.
      System.err.println("CheapestFlux failed: " + e.getMessage());
      System.exit(1);
    }
  }

  /**
   * Quotes the request on {@code gen}'s providers, prints the ranked offers and the excluded ones,
   * generates with failover, prints every attempt and the cost, and returns the saved file.
   *
   * @throws GenerationException if no offer can serve the request or every provider failed
   */
  public static Path run(Generator gen, Path outputDir, PrintStream out) {
    out.println("Providers: " + String.join(", ", gen.providers()));

    // One builder for both steps, so the plan printed is the plan the generation follows.
    RequestBuilder.Image flux = gen.image(MODEL).prompt(PROMPT).size(1024, 1024).tag("example", "cheapest-flux");

    // A quote calls no provider: each price comes from the provider's catalog entry.
    Plan plan = flux.quote();
    printPlan(plan, out);

    Generation g = flux.generate();
    out.println();
    out.println("Attempts:");
    for (Attempt a : g.attempts()) {
      // The reason is empty for the attempt that succeeded.
      out.println(String.format("  %-12s %-15s %d %s", a.provider(), a.outcome(), a.tries(), a.reason()).stripTrailing());
    }
    out.println("Made on " + g.provider() + " (" + g.endpoint() + ")");
    // The actual is the provider's own figure (REPORTED) or worked out from the output (COMPUTED),
    // never the estimate copied over.
    out.println("  cost: " + Format.money(g.cost().actual()) + " " + g.cost().basis()
        + " (" + g.cost().detail() + "), estimated " + Format.money(g.cost().estimate()) + " (" + g.cost().rule() + ")");
    for (String w : g.warnings()) out.println("  note: " + w);

    // Provider links expire, often within the hour: keep the file now.
    Asset picture = g.assets().get(0);
    Path file = picture.saveTo(outputDir.resolve(MODEL + "." + QuickStart.extension(picture.mediaType())));
    out.println("  saved " + file);
    return file;
  }

  /** Prints the ranked offers, then every offer left out and why. */
  private static void printPlan(Plan plan, PrintStream out) {
    out.println();
    out.println("Quote for " + plan.request() + ":");
    out.println(String.format("  %-4s %-12s %-46s %-15s %s", "rank", "provider", "endpoint", "rule", "estimate"));
    List<Quote> quotes = plan.quotes();
    for (int i = 0; i < quotes.size(); i++) {
      Quote q = quotes.get(i);
      out.println(String.format("  %-4d %-12s %-46s %-15s %s", i + 1, q.provider(), q.offer().endpoint(), q.rule(),
          Format.money(q.estimate())));
    }
    if (plan.excluded().isEmpty()) out.println("  excluded: none");
    for (Exclusion e : plan.excluded()) {
      out.println(String.format("  excluded %-24s %-18s %s", e.offer().key(), e.reason(), e.detail()));
    }
  }
}
