package dev.unigen.jmh;

import static dev.unigen.Chain.from;

import dev.unigen.Chain;
import dev.unigen.catalog.Catalog;
import dev.unigen.request.Task;
import dev.unigen.routing.Selector;
import dev.unigen.routing.Strategy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long quoting a six-step chain takes against every shipped catalog merged: a prompt written
 * by any language model, a flux-dev image, a segmentation, an inpaint and a 5× upscale on any
 * model, and an image-to-video clip on any model (every image-to-video offer is weighed). Each step
 * is planned on the size the step before produces. The catalogs are read from the source tree,
 * since a flattened jar keeps only one module's catalog: run from the project's root, or set
 * {@code -Dunigen.root=...}.
 *
 * <pre>{@code java -jar jmh/target/benchmarks.jar ChainQuote -prof gc}</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ChainQuoteBenchmark {
  private Selector selector;
  private Chain chain;

  /** Merges the shipped catalogs and declares the chain; checks every step can be quoted. */
  @Setup
  public void setUp() {
    Catalog catalog = shippedCatalogs(Path.of(System.getProperty("unigen.root", ".")));
    selector = Selector.builder().catalog(catalog).strategy(Strategy.cheapest()).build();
    chain = Chain.builder("premium-clip")
        .text("prompt", s -> s.system("You write image prompts.").prompt("a woman in a red coat").maxTokens(150))
        .image("base", s -> s.model("flux-dev").prompt(from("prompt")).size(1024, 1024))
        .preprocess("mask", Task.SEGMENTATION, from("base"))
        .edit("dressed", s -> s.inpaint(from("base"), from("mask")).prompt("a blue silk dress"))
        .upscale("final", 4, from("dressed"))
        .video("clip", s -> s.image(from("dressed")).prompt("she turns to the camera"))
        .build();
    Chain.Quote q = chain.quote(selector);
    if (q.steps().size() != 6) throw new IllegalStateException("expected six steps: " + q);
  }

  /** Quotes the whole chain. */
  @Benchmark
  public Chain.Quote quoteSixStepChain() {
    return chain.quote(selector);
  }

  static Catalog shippedCatalogs(Path root) {
    Path providers = root.resolve("sdk-providers");
    try (Stream<Path> modules = Files.list(providers)) {
      List<Path> files = modules.map(m -> m.resolve("src/main/resources/" + Catalog.RESOURCE))
          .filter(Files::isRegularFile).sorted().collect(Collectors.toList());
      if (files.size() < 10) throw new IllegalStateException("found " + files.size() + " catalogs under " + providers.toAbsolutePath());
      Catalog merged = Catalog.empty();
      for (Path f : files) merged = merged.withOverrides(Catalog.load(f));
      return merged;
    } catch (IOException e) {
      throw new UncheckedIOException("run from the project's root or set -Dunigen.root: cannot list " + providers.toAbsolutePath(), e);
    }
  }
}
