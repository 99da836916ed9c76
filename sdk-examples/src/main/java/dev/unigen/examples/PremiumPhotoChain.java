package dev.unigen.examples;

import static dev.unigen.Chain.from;

import dev.unigen.Chain;
import dev.unigen.GenerationException;
import dev.unigen.Generator;
import dev.unigen.assets.Asset;
import dev.unigen.budget.Budget;
import dev.unigen.jobs.JobJournal;
import dev.unigen.money.Money;
import dev.unigen.request.Task;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * A short-video platform's premium image with a clothing change, as one chain: Grok writes the prompt, FLUX
 * (z-image turbo) draws it at 1024×1024, SAM-3 finds the clothes, an inpaint dresses the character
 * anew, and SeedVR upscales the result 5× to 5120×5120. The whole chain is priced before anything
 * is paid, its estimate is held on the budget before the first step, each step fails over like a
 * single request, and every ledger entry carries the chain's name, run and step.
 *
 * <p>With {@code XAI_API_KEY} and {@code FAL_KEY} set it runs on xAI and fal, for about seven cents
 * (fal's cheapest inpaint, FLUX dev with LoRAs, is $0.035 where the platform's published breakdown counts $0.02).
 * With no key it runs offline on the sandbox at zero cost: a step whose model no configured
 * provider serves takes the cheapest model able to do it, as the inpaint always does (the published
 * breakdown names none). A chain some step of which no configured provider can serve is refused before any
 * call. A run cut short is resumed from its journal on the next start, without buying its finished
 * steps again.
 *
 * <pre>
 * mvn -q install -DskipTests
 * mvn -q -f sdk-examples exec:java -Dexec.mainClass=dev.unigen.examples.PremiumPhotoChain
 * </pre>
 */
public final class PremiumPhotoChain {
  /** The chain's name in the ledger and the journal. */
  static final String NAME = "premium-image";
  static final String SYSTEM = "You write prompts for an image model. Answer with one prompt of at most 80 words:"
      + " subject, outfit, pose, setting, light and camera.";
  static final String CHARACTER = "Aria, 24, silver bob, green eyes, freckles, red raincoat, walking through a neon-lit"
      + " Tokyo street at night.";
  static final String OUTFIT = "a tailored emerald-green silk evening dress";

  private PremiumPhotoChain() {}

  /**
   * Runs the chain, saving the premium image under {@code unigen-output}. Exits with status 1 if the
   * chain cannot run or a step fails.
   */
  public static void main(String[] args) {
    try {
      Chain.Result r = run(Path.of("unigen-output"), System.out);
      if (!r.succeeded()) System.exit(1);
    } catch (GenerationException e) {
      // A chain no configured provider can serve, or a budget it does not fit, is refused before any call.
      System.err.println("Premium photo chain not run: " + e.getMessage());
      System.exit(1);
    }
  }

  /**
   * Quotes and runs the chain (or resumes an unfinished run), prints each step's provider and cost
   * and the total against the quote to {@code out}, saves the final image as
   * {@code premium-image.<ext>} under {@code outputDir}, and returns the result, which says
   * whether a step failed.
   *
   * @throws GenerationException if a step has no offer on the configured providers, or the budget
   *     cannot hold the whole chain (both before any call)
   */
  public static Chain.Result run(Path outputDir, PrintStream out) {
    try (Generator gen = Generator.builder()
        .providersFromEnvironment()                   // every provider whose key is set; the sandbox when none is
        .budget(Budget.perDay(Money.usd("1.00")))     // the whole chain's estimate is reserved before its first step
        .journal(JobJournal.directory(outputDir.resolve("jobs")))
        .build()) {
      out.println("Providers: " + String.join(", ", gen.providers()));
      Chain chain = gen.chain(NAME)
          .text("prompt", s -> Chains.model(gen, s, "grok-4.20-0309-non-reasoning").system(SYSTEM).prompt(CHARACTER).maxTokens(150))
          .image("base", s -> Chains.model(gen, s, "z-image-turbo").prompt(from("prompt")).size(1024, 1024))
          .preprocess("clothes", Task.SEGMENTATION, from("base"), s -> Chains.model(gen, s, "sam-3").prompt("clothing"))
          .edit("dressed", s -> s.inpaint(from("base"), from("clothes")).prompt(OUTFIT))
          .upscale("final", 5, from("dressed"), s -> Chains.model(gen, s, "seedvr-upscale"))
          .tag("example", "premium-photo-chain")
          .build();

      // 1. The price of the whole chain, each step on the size the step before it makes; nothing is paid.
      Chain.Quote quote = chain.quote();
      Chains.printQuote(quote, "Quote, before anything is paid:", out);

      // 2. Run it, or finish a run an earlier start left unfinished without buying its done steps again.
      Chain.Result r = Chains.runOrResume(chain);
      Chains.printRun(r, out);
      if (r.failure().isPresent()) {
        out.println("The steps before it are kept, and recorded in the ledger.");
      } else {
        Asset image = r.last().assets().get(0);
        Path file = image.saveTo(outputDir.resolve("premium-image." + QuickStart.extension(image.mediaType())));
        out.println("Saved the premium image (" + image.mediaType() + " " + image.width().orElse(0) + "x"
            + image.height().orElse(0) + ") to " + file);
      }
      out.println("Actual " + r.actual() + " against " + r.quote().total() + " quoted; the ledger holds "
          + gen.ledger().entries().size() + " entries tagged chain=" + NAME + ".");
      return r;
    }
  }

}
