package dev.unigen.examples;

import dev.unigen.Generation;
import dev.unigen.GenerationException;
import dev.unigen.Generator;
import dev.unigen.RequestBuilder;
import dev.unigen.assets.Asset;
import dev.unigen.budget.Budget;
import dev.unigen.money.Money;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * A language model writes the prompt, an image model draws it: one line of
 * {@code gen.text(..).system(..).prompt(..).generate().text()} turns a short idea into a detailed
 * image prompt, which is then generated on the cheapest image offer.
 *
 * <p>With {@code XAI_API_KEY} (or {@code GROK_API_KEY}) set, Grok writes the prompt and, if no
 * cheaper image provider is configured, Grok Imagine draws it. With no key it runs offline on the
 * sandbox, which stands in for grok-4.3 by rewriting the idea with a few style phrases.
 *
 * <pre>
 * mvn -q install -DskipTests
 * mvn -q -f sdk-examples exec:java -Dexec.mainClass=dev.unigen.examples.PromptWriter -Dexec.args="a lighthouse in a storm"
 * </pre>
 */
public final class PromptWriter {
  /** The language model that writes the prompt. */
  static final String WRITER = "grok-4.3";
  /** What the writer is told to do with the idea. */
  static final String INSTRUCTIONS = "You write prompts for an image model. Answer with one prompt of at most 80 words:"
      + " subject, setting, light, camera and style. No preamble.";

  private PromptWriter() {}

  /**
   * Writes a prompt for the idea in the arguments (or a red bicycle in the rain), draws it, and
   * saves the picture under {@code unigen-output}. Exits with status 1 if a generation fails.
   */
  public static void main(String[] args) {
    String idea = args.length > 0 ? String.join(" ", args) : "a red bicycle in the rain";
    try {
      run(idea, Path.of("unigen-output"), System.out);
    } catch (GenerationException e) {
      System.err.println("Prompt writer failed: " + e.getMessage());
      System.exit(1);
    }
  }

  /**
   * Writes the prompt for {@code idea}, generates one picture from it, prints both steps' costs to
   * {@code out}, and returns the saved picture's path.
   *
   * @throws GenerationException if either step fails on every provider or is refused by the budget
   */
  public static Path run(String idea, Path outputDir, PrintStream out) {
    try (Generator gen = Generator.builder()
        .providersFromEnvironment()                   // every provider whose key is set; the sandbox when none is
        .budget(Budget.perDay(Money.usd("1.00")))
        .build()) {
      // The prompt writer: the system message says what to do, the prompt is the idea.
      Generation written = gen.text(WRITER)
          .system(INSTRUCTIONS)
          .prompt(idea)
          .maxTokens(200)
          .temperature(0.8)
          .generate();
      String prompt = written.text().orElseThrow();
      out.println("Prompt by " + written.provider() + "/" + written.model() + " (" + written.usage().textInputTokens()
          + " tokens in, " + written.usage().textOutputTokens() + " out, " + cost(written) + "):");
      out.println("  " + prompt);

      RequestBuilder.Image picture = gen.image().prompt(prompt).tag("example", "prompt-writer");
      Generation drawn = picture.generate();
      Asset image = drawn.assets().get(0);
      Path file = image.saveTo(outputDir.resolve("prompted." + QuickStart.extension(image.mediaType())));
      out.println("Drawn by " + drawn.provider() + "/" + drawn.model() + " (" + cost(drawn) + "), saved to " + file);
      out.println("Both steps: " + gen.ledger().total());
      return file;
    }
  }

  private static String cost(Generation g) {
    return g.cost().actual().map(Money::toString).orElse("unpriced") + " " + g.cost().basis();
  }
}
