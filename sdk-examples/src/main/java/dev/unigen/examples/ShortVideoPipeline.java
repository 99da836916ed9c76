package dev.unigen.examples;

import static dev.unigen.Chain.from;

import dev.unigen.Chain;
import dev.unigen.GenerationException;
import dev.unigen.Generator;
import dev.unigen.assets.Asset;
import dev.unigen.budget.Budget;
import dev.unigen.jobs.JobJournal;
import dev.unigen.money.Money;
import dev.unigen.planning.CostPlan;
import dev.unigen.planning.CostPlanner;
import dev.unigen.planning.LineCost;
import dev.unigen.planning.Scenario;
import dev.unigen.planning.ScenarioCost;
import dev.unigen.planning.StepCost;
import dev.unigen.planning.Workload;
import dev.unigen.planning.WorkloadLine;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A short-video platform's pipeline: a language model writes the prompt, FLUX (z-image turbo) draws
 * the character at 1024×1024, and Wan 2.5 animates the picture into a 5 s clip at 720p. One clip
 * is quoted as a whole and made step by step; then a month of 1,000 clips is planned from the same
 * pipeline's chain file ({@code chains/sfw-video.json}) on the shipped price tables, each step's
 * cost worked out with its units.
 *
 * <p>With {@code XAI_API_KEY} and {@code FAL_KEY} (or {@code WAVESPEED_API_KEY}) set it runs there,
 * for about a quarter of a dollar; with no key, offline on the sandbox at zero cost. A step whose
 * model no configured provider serves takes the cheapest model able to do it. The month's plan
 * needs no key: nothing is sent anywhere.
 *
 * <pre>
 * mvn -q install -DskipTests
 * mvn -q -f sdk-examples exec:java -Dexec.mainClass=dev.unigen.examples.ShortVideoPipeline
 * </pre>
 */
public final class ShortVideoPipeline {
  /** The chain's name in the ledger and the journal. */
  static final String NAME = "short-video";
  /** Clips a month in the plan. */
  static final long CLIPS_A_MONTH = 1000;
  static final String SYSTEM = "You write prompts for a video model. Answer with one prompt of at most 80 words:"
      + " subject, outfit, motion, setting, light and camera.";
  static final String IDEA = "Aria, 24, silver bob, red raincoat, turns to the camera on a rainy rooftop at dusk.";

  private ShortVideoPipeline() {}

  /** Makes one clip under {@code unigen-output}, then plans a month; exits with status 1 if the clip fails. */
  public static void main(String[] args) {
    try {
      Chain.Result r = run(Path.of("unigen-output"), System.out);
      planMonth(System.out);
      if (!r.succeeded()) System.exit(1);
    } catch (GenerationException e) {
      // A pipeline no configured provider can serve, or a budget it does not fit, is refused before any call.
      System.err.println("Short video pipeline not run: " + e.getMessage());
      System.exit(1);
    }
  }

  /**
   * Quotes and makes one clip (or finishes an unfinished run), prints each step's provider and cost
   * and the total against the quote to {@code out}, saves the clip as {@code short-video.<ext>}
   * under {@code outputDir}, and returns the result, which says whether a step failed.
   *
   * @throws GenerationException if a step has no offer on the configured providers, or the budget
   *     cannot hold the whole pipeline (both before any call)
   */
  public static Chain.Result run(Path outputDir, PrintStream out) {
    try (Generator gen = Generator.builder()
        .providersFromEnvironment()                   // every provider whose key is set; the sandbox when none is
        .budget(Budget.perDay(Money.usd("1.00")))     // the whole pipeline's estimate is reserved before its first step
        .journal(JobJournal.directory(outputDir.resolve("jobs")))
        .build()) {
      out.println("Providers: " + String.join(", ", gen.providers()));
      Chain chain = gen.chain(NAME)
          .text("prompt", s -> Chains.model(gen, s, "grok-4.20-0309-non-reasoning").system(SYSTEM).prompt(IDEA).maxTokens(150))
          .image("reference", s -> Chains.model(gen, s, "z-image-turbo").prompt(from("prompt")).size(1024, 1024))
          .video("animation", s -> Chains.model(gen, s, "wan-2.5").image(from("reference")).prompt(from("prompt"))
              .duration(Duration.ofSeconds(5)).resolution("720p"))
          .tag("example", "short-video-pipeline")
          .build();

      Chain.Quote quote = chain.quote();
      Chains.printQuote(quote, "Quote for one clip, before anything is paid:", out);

      Chain.Result r = Chains.runOrResume(chain);
      Chains.printRun(r, out);
      if (r.succeeded()) {
        Asset clip = r.last().assets().get(0);
        Path file = clip.saveTo(outputDir.resolve("short-video." + QuickStart.extension(clip.mediaType())));
        out.println("Saved the clip (" + clip.mediaType() + ", " + clip.durationSeconds().map(d -> d.toPlainString() + " s")
            .orElse("length unknown") + ") to " + file);
      }
      out.println("Actual " + r.actual() + " against " + r.quote().total() + " quoted.");
      return r;
    }
  }

  /**
   * Plans {@link #CLIPS_A_MONTH} clips a month of the pipeline's chain file on the shipped price
   * tables (the sandbox left out), on the providers the pipeline was designed for, and prints the
   * total and how each step's cost was worked out; returns the plan. Calls no provider.
   */
  public static CostPlan planMonth(PrintStream out) {
    Chain pipeline = Chain.fromJson(PublishedCostPlans.resource("chains/sfw-video.json"), "sfw-video.json");
    Workload month = Workload.builder("Short videos")
        .line(WorkloadLine.builder(pipeline).name("Clips").count(CLIPS_A_MONTH).build())
        .build();
    CostPlan plan = CostPlanner.builder().catalog(PublishedCostPlans.shippedCatalog()).build()
        .plan(month, Scenario.builder("fal, WaveSpeed and xAI").providers("fal", "wavespeed", "xai").build());
    ScenarioCost s = plan.scenarios().get(0);
    LineCost clips = s.lines().get(0);
    out.println();
    out.println(String.format("%,d clips a month on %s: %s", CLIPS_A_MONTH, s.name(),
        clips.cost().map(Money::toString).orElse("not priced: " + clips.reason().orElse(""))));
    for (StepCost step : clips.steps()) {
      out.println(String.format("  %-10s %-42s %s", step.step(), step.offer().key(), step.derivation()));
      step.tie().ifPresent(t -> out.println("             " + t));
    }
    return plan;
  }

}
