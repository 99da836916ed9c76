package dev.unigen.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.catalog.Catalog;
import dev.unigen.examples.PublishedCostPlans.Comparison;
import dev.unigen.examples.PublishedCostPlans.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link PublishedCostPlans} on the shipped catalogs and pins computed figures worked out by hand
 * (in the comments) from the catalogs' prices, not from the planner.
 */
class PublishedCostPlansTest {
  private static List<Comparison> comparisons;
  private static String output;

  @BeforeAll
  static void run() {
    // The shipped catalogs, without the sandbox and without this module's test provider (pixelforge).
    Catalog shipped = PublishedCostPlans.shippedCatalog();
    Set<String> real = new TreeSet<>(shipped.providers());
    real.remove("pixelforge");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    comparisons = PublishedCostPlans.run(shipped.forProviders(real), new PrintStream(bytes, true, StandardCharsets.UTF_8));
    output = bytes.toString(StandardCharsets.UTF_8);
  }

  private static Comparison find(String workload, String scenario, String label) {
    return comparisons.stream()
        .filter(c -> c.workload().equals(workload) && c.scenario().equals(scenario) && c.label().equals(label))
        .findFirst().orElseThrow(() -> new AssertionError("no figure " + workload + " / " + scenario + " / " + label));
  }

  private static void assertComputed(String expected, Comparison c) {
    assertEquals(0, new BigDecimal(expected).compareTo(c.computed()), c + ": expected " + expected);
  }

  @Test
  void everyFigureIsComputedAndPrintedWithWhereItsPlanSaysIt() {
    assertEquals(PublishedFigures.all().size(), comparisons.size());
    for (String w : PublishedCostPlans.WORKLOADS) assertTrue(output.contains("== " + w + ": "), w);
    for (Comparison c : comparisons) assertTrue(output.contains("where: " + c.where()), c.toString());
    assertTrue(output.contains("Of the " + comparisons.size() + " published figures: "), output);
  }

  @Test
  void starterOnFalAtOneMegapixel() {
    // fal/flux-schnell: $0.003 per megapixel of 2^20 pixels, rounded up. 1024 x 1024 = 1,048,576
    // pixels = exactly 1 MP: 100 images x $0.003 = $0.30; x 16,000 = Rp 4,800. The published plan says Rp 5,000.
    Comparison schnell = find(PublishedFigures.STARTER, "All fal", "FLUX schnell, 100");
    assertComputed("4800", schnell);
    assertEquals(0, new BigDecimal("5000").compareTo(schnell.stated()));
    assertEquals(Verdict.DIFFERS, schnell.verdict());
    // Poses on fal: the published plan's own $0.005 ([S] in the file): 300 x $0.005 = $1.50 = Rp 24,000.
    assertEquals(Verdict.EXACT, find(PublishedFigures.STARTER, "All fal", "Poses, 300 at Rp 80").verdict());
  }

  @Test
  void starterOnFalAtTenToTheSixPixelsDoublesFlux() {
    // Counted in 10^6 pixels, 1024 x 1024 is 1.048576 MP, rounded up to 2: 2 x $0.003 = $0.006 = Rp 96.
    assertComputed("96", find(PublishedFigures.STARTER, "All fal, 10^6-pixel megapixels", "FLUX schnell, one image"));
    // FLUX dev likewise: 2 x $0.025 = $0.05 = Rp 800.
    assertComputed("800", find(PublishedFigures.STARTER, "All fal, 10^6-pixel megapixels", "FLUX dev, one image"));
  }

  @Test
  void starterNewPlanWithTheShippedRunwayPose() {
    // Poses: runware/flux-dev with OpenPose, $0.0038 per 2^20-pixel MP: 300 x $0.0038 = $1.14 = Rp 18,240.
    // Hugging Face at fal's rates: 100 x $0.003 = $0.30 and 50 x $0.025 = $1.25, $1.55 = Rp 24,800 in all,
    // paid by the $2.00 credit. Videos: Replicate Wan 2.1 720p, 3 x 5 s x $0.25 = $3.75 = Rp 60,000.
    // PRO fee $9 = Rp 144,000 on one user. Total 18,240 + 60,000 + 144,000 = Rp 222,240.
    assertComputed("222240", find(PublishedFigures.STARTER, "HF PRO + Runware", "Total per user"));
    // With the published Rp 20 pose instead: 6,000 + 60,000 + 144,000 = Rp 210,000, the published figure.
    Comparison publishedPose = find(PublishedFigures.STARTER, "HF PRO + Runware, published pose price", "Total per user");
    assertComputed("210000", publishedPose);
    assertEquals(Verdict.EXACT, publishedPose.verdict());
  }

  @Test
  void proNewPlanCreditsTheSharedPlan() {
    // Poses 1,500 x Rp 60.8 = 91,200. Hugging Face per user, at fal's rates: 100 x Rp 48 + 200 x Rp 400
    // = Rp 84,800 ($5.30); 100 users use $530 of it, the $2 credit pays $0.02 = Rp 320 of each user's.
    // FLUX Pro 50 x $0.04 = $2 = Rp 32,000. Videos 5 x 5 s x $0.25 = $6.25 = Rp 100,000.
    // Fee $9 / 100 = Rp 1,440. Total 91,200 + 84,800 - 320 + 32,000 + 100,000 + 1,440 = Rp 309,120.
    assertComputed("309120", find(PublishedFigures.PRO, "HF PRO + Runware + Replicate", "Total per user"));
    assertComputed("1440", find(PublishedFigures.PRO, "HF PRO + Runware + Replicate", "HF PRO fee per user"));
  }

  @Test
  void comicStudioPanels() {
    String s = "Published table";
    // BFL klein 9B: 1.5 credits for the first output MP (1024 x 1024 is 1 MP of 2^20 pixels), no
    // further output MP, 1 input MP x 0.2 credits: 1.7 credits x $0.01 = $0.017; x 680 = $11.56.
    assertComputed("0.017", find(PublishedFigures.COMIC, s, "BFL FLUX.2 [klein] 9B, per panel"));
    assertComputed("11.56", find(PublishedFigures.COMIC, s, "BFL FLUX.2 [klein] 9B, 10 episodes"));
    // fal FLUX.2 [pro]: $0.03 first MP + 0 extra + 1 input MP x $0.015 = $0.045.
    assertComputed("0.045", find(PublishedFigures.COMIC, s, "fal Flux 2 [pro], per panel"));
    // fal Flux 2 Turbo: $0.008 first MP + 1 input MP x $0.008 = $0.016, the published figure; x 680 = $10.88.
    assertEquals(Verdict.EXACT, find(PublishedFigures.COMIC, s, "fal Flux 2 Turbo, 10 episodes").verdict());
    // Gemini mix: 340 x 1,290 tokens x $30 / 10^6 = $13.158, 340 x $0.134 = $45.56; $58.718 / 680 = $0.08635.
    assertComputed("0.08635", find(PublishedFigures.COMIC, s, "Gemini Flash + Pro mix, per panel"));
  }

  @Test
  void videoPlatformPipelinesAndPacks() {
    String s = "Published stack";
    // SeedVR 5x: 5120 x 5120 = 26,214,400 pixels = 26.2144 MP of 10^6, unrounded, x $0.001 = $0.0262144.
    Comparison upscale = find(PublishedFigures.PIPELINES, s, "5x upscale (SeedVR)");
    assertComputed("0.0262144", upscale);
    assertEquals(Verdict.ROUNDS, upscale.verdict()); // the published $0.026
    // Premium image: Grok $0.00045 (below) + z-image $0.005 (1 MP of 2^20) + SAM-3 $0.005 + inpainting $0.02
    // + $0.0262144 = $0.0566644.
    assertComputed("0.0566644", find(PublishedFigures.PIPELINES, s, "Ex3 premium image"));
    // FLUX image: $0.005 against the published $0.01: less than a cent off, but not $0.01 rounded.
    assertEquals(Verdict.CLOSE, find(PublishedFigures.PIPELINES, s, "FLUX image, 1024x1024").verdict());
    // Premium video in the Starter pack: 15 credits x $5 / 100 = $0.75, less 0.00045 + 0.005 + 5 x 0.14 = $0.70545.
    assertComputed("0.04455", find(PublishedFigures.PIPELINES, s, "Premium video at 15 credits, Starter pack"));
    // 100,000 premium images: the plan of 1,000 with every count x 100: 100,000 x $0.0566644 = $5,666.44.
    assertComputed("5666.44", find(PublishedFigures.VOLUME, s, "100,000 premium images"));
  }

  @Test
  void videoPlatformExamplesAreChainsAndTheVolumeTableComesFromThem() {
    String s = "Published stack";
    // Example 3 is a chain of five steps; its inpaint, which names no model, is the cheapest able among fal,
    // WaveSpeed and xAI: the file's fal/unnamed-inpaint at $0.02 (fal's FLUX dev LoRA inpaint is $0.035 a megapixel).
    assertComputed("0.02", find(PublishedFigures.PIPELINES, s, "Inpainting"));
    // A video a month is example 5's chain: the prompt $0.00045, the reference image $0.005 and Wan 2.5,
    // 5 s x $0.05 = $0.25: $0.25545; 1,000 are $255.45, against the published $250, which is the animation alone.
    Comparison videos = find(PublishedFigures.VOLUME, s, "1,000 videos");
    assertComputed("255.45", videos);
    assertEquals(Verdict.DIFFERS, videos.verdict());
    assertEquals(Verdict.EXACT, find(PublishedFigures.VOLUME, s, "1,000 videos, the animation step alone").verdict());
    assertComputed("25545", find(PublishedFigures.VOLUME, s, "100,000 videos"));
    // Example 4 animates with Seedance 1.0 Pro (the published LTX-2 Fast is gone from fal): the prompt $0.00045,
    // the reference image $0.005 and fal's 1080p clip of 5 s, $0.62: $0.62545.
    assertComputed("0.62545", find(PublishedFigures.PIPELINES, s, "Ex4 NSFW video"));
    // The NSFW video in the Starter pack: 5 x $0.05 = $0.25, less $0.62545 = -$0.37545, a loss.
    assertComputed("-0.37545", find(PublishedFigures.PIPELINES, s, "NSFW video at 5 credits, Starter pack"));
  }

  @Test
  void r2StorageIsPricedByTheStorageRule() {
    String s = "Published stack";
    // Cloudflare R2 Standard: $0.015 a GB-month. One LoRA's 50 MB for a month: 0.05 x $0.015 = $0.00075,
    // the published ~$0.001; an image's 2 MB: 0.002 x $0.015 = $0.00003, exactly the published figure.
    Comparison lora = find(PublishedFigures.PIPELINES, s, "Ex1 storage, a month");
    assertComputed("0.00075", lora);
    assertEquals(Verdict.ROUNDS, lora.verdict());
    Comparison image = find(PublishedFigures.PIPELINES, s, "R2: a generated image, 2 MB, a month");
    assertComputed("0.00003", image);
    assertEquals(Verdict.EXACT, image.verdict());
    assertComputed("0.00075", find(PublishedFigures.PIPELINES, s, "R2: a generated video, 50 MB, a month"));
  }

  @Test
  void grokPromptsArePricedFromTheXaiCatalog() {
    String s = "Published stack";
    // xai/grok-4.20-0309-non-reasoning, $1.25 in and $2.50 out per 1M tokens. The system message (131 characters)
    // and the prompt (107) are (238 + 3) / 4 = 60 input tokens: $0.000075; 150 output tokens: $0.000375.
    Comparison grok = find(PublishedFigures.PIPELINES, s, "Grok prompt");
    assertComputed("0.00045", grok);
    // The published $0.003 was an average at the retired grok-beta's $5 / $15 per 1M.
    assertEquals(Verdict.DIFFERS, grok.verdict());
    // The basic image: $0.00045 + $0.005 = $0.00545; 1,000 a month: $5.45.
    assertComputed("0.00545", find(PublishedFigures.PIPELINES, s, "Ex2 basic image"));
    assertComputed("5.45", find(PublishedFigures.VOLUME, s, "1,000 basic images"));
    assertTrue(output.contains("Published stack: text steps priced on xai/grok-4.20-0309-non-reasoning at 0.00045 USD a call"), output);
    assertTrue(output.contains("as of 2026-09-20, https://docs.x.ai/") || output.contains("as of 2026-09-20, [3P]"), output);
  }

  @Test
  void verdicts() {
    assertEquals(Verdict.EXACT, PublishedCostPlans.verdict(new BigDecimal("0.250"), new BigDecimal("0.25")));
    assertEquals(Verdict.ROUNDS, PublishedCostPlans.verdict(new BigDecimal("0.7114"), new BigDecimal("0.71")));
    assertEquals(Verdict.CLOSE, PublishedCostPlans.verdict(new BigDecimal("-0.0553"), new BigDecimal("-0.05")));
    assertEquals(Verdict.DIFFERS, PublishedCostPlans.verdict(new BigDecimal("82240"), new BigDecimal("58000")));
    assertFalse(output.isBlank());
  }
}
