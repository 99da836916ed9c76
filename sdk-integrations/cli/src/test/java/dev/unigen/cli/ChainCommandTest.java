package dev.unigen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** chain quote from the catalog alone, and chain run on the offline sandbox with no key set. */
class ChainCommandTest {
  @TempDir
  Path dir;

  /** acme, a provider only this file knows: a writer at $0.002 a request, images at $0.01 per 10^6 pixels, upscales at $0.001. */
  static final String ACME = "{\"format\": 1, \"provider\": \"acme\", \"offers\": [\n"
      + "  {\"model\": \"acme-writer\", \"endpoint\": \"w\", \"tasks\": [\"text\"],\n"
      + "   \"price\": {\"kind\": \"per-request\", \"price\": \"0.002\"}, \"asOf\": \"2026-12-01\", \"source\": \"test\"},\n"
      + "  {\"model\": \"acme-img\", \"endpoint\": \"i\", \"tasks\": [\"text-to-image\"],\n"
      + "   \"price\": {\"kind\": \"per-megapixel\", \"price\": \"0.01\"}, \"asOf\": \"2026-12-01\", \"source\": \"test\"},\n"
      + "  {\"model\": \"acme-up\", \"endpoint\": \"u\", \"tasks\": [\"upscale\"],\n"
      + "   \"price\": {\"kind\": \"per-megapixel\", \"price\": \"0.001\"}, \"asOf\": \"2026-12-01\", \"source\": \"test\"}]}\n";

  /** A prompt, a 1000x1000 image drawn from it, and that image upscaled 2x, all on acme. */
  static final String POSTER = "{\"format\": 1, \"chain\": \"poster\", \"steps\": [\n"
      + "  {\"name\": \"prompt\", \"task\": \"text\", \"model\": \"acme-writer\", \"prompt\": \"a poster of a lighthouse\"},\n"
      + "  {\"name\": \"art\", \"task\": \"text-to-image\", \"model\": \"acme-img\", \"size\": \"1000x1000\", \"prompt\": {\"from\": \"prompt\"}},\n"
      + "  {\"name\": \"big\", \"task\": \"upscale\", \"model\": \"acme-up\", \"factor\": 2, \"image\": {\"from\": \"art\"}}]}\n";

  /** The premium image on models the sandbox serves: a prompt, a 512x512 image, its mask, an inpaint, a 2x upscale. */
  static final String OFFLINE = "{\"format\": 1, \"chain\": \"premium-image\", \"steps\": [\n"
      + "  {\"name\": \"prompt\", \"task\": \"text\", \"model\": \"grok-4.3\", \"system\": \"You write image prompts.\","
      + " \"prompt\": \"a woman in a red raincoat\"},\n"
      + "  {\"name\": \"base\", \"task\": \"text-to-image\", \"model\": \"flux-dev\", \"size\": \"SIZE\", \"prompt\": {\"from\": \"prompt\"}},\n"
      + "  {\"name\": \"clothes\", \"task\": \"segmentation\", \"image\": {\"from\": \"base\"}},\n"
      + "  {\"name\": \"dressed\", \"task\": \"inpaint\", \"prompt\": \"a green dress\", \"image\": {\"from\": \"base\"},"
      + " \"mask\": {\"from\": \"clothes\"}},\n"
      + "  {\"name\": \"final\", \"task\": \"upscale\", \"factor\": FACTOR, \"image\": {\"from\": \"dressed\"}}]}\n";

  private Path offline(String size, int factor) {
    return Run.write(dir, "offline.json", OFFLINE.replace("SIZE", size).replace("FACTOR", String.valueOf(factor)));
  }

  @Test
  void quoteWarnsOnStandardErrorAboutAStepWhoseOfferRetiresWithinThirtyDays() {
    // On 2026-12-06 acme-img, said here to retire on 2026-12-31, has 25 days left.
    Path catalog = Run.write(dir, "acme.json", ACME.replace("\"asOf\": \"2026-12-01\", \"source\": \"test\"},\n"
        + "  {\"model\": \"acme-up\"", "\"asOf\": \"2026-12-01\", \"source\": \"test\", \"retires\": {\"date\":"
        + " \"2026-12-31\", \"source\": \"https://acme.example/retirements\"}},\n  {\"model\": \"acme-up\""));
    Path chain = Run.write(dir, "poster.json", POSTER);
    java.time.Clock dec6 = java.time.Clock.fixed(java.time.Instant.parse("2026-12-06T08:00:00Z"), java.time.ZoneOffset.UTC);
    Run r = Run.unigen(java.util.Map.of(), dec6, b -> { }, "chain", "quote", chain.toString(), "--catalog", catalog.toString());
    assertEquals(Cli.OK, r.status, r.toString());
    assertTrue(r.err.contains("unigen chain quote: warning: acme/acme-img retires on 2026-12-31, in 25 days"
        + " (https://acme.example/retirements); after that day it is left out\n"), r.toString());
    assertFalse(r.err.contains("acme/acme-up"), r.toString());
  }

  @Test
  void quotesEveryStepOnTheSizeTheStepBeforeProduces() {
    // Prompt $0.002; 1000x1000 = 1 MP x $0.01 = $0.01; the 2x upscale makes 2000x2000 = 4 MP x $0.001 = $0.004.
    // Total $0.016; in rupiah at 16,000: Rp 32, 160, 64 and 256.
    Path catalog = Run.write(dir, "acme.json", ACME);
    Path chain = Run.write(dir, "poster.json", POSTER);
    Run r = Run.unigen("chain", "quote", chain.toString(), "--catalog", catalog.toString());
    assertEquals(Cli.OK, r.status, r.toString());
    assertTrue(r.out.startsWith("Chain poster (poster.json): 3 steps\nPrices in USD.\n\n"), r.toString());
    assertTrue(r.out.contains("  step    task           offer             output     estimate\n"
        + "  prompt  text           acme/acme-writer  -          0.002 USD\n"
        + "  art     text-to-image  acme/acme-img     1000x1000  0.01 USD\n"
        + "  big     upscale        acme/acme-up      2000x2000  0.004 USD\n"
        + "  total                                               0.016 USD\n"), r.toString());
    assertTrue(r.err.contains("catalog: "), r.toString());

    Run idr = Run.unigen("chain", "quote", chain.toString(), "--catalog", catalog.toString(), "--currency", "IDR",
        "--fx", "USD:IDR=16000");
    assertEquals(Cli.OK, idr.status, idr.toString());
    assertTrue(idr.out.contains("Prices in IDR (1 USD = 16000 IDR)."), idr.toString());
    assertTrue(idr.out.contains("  art     text-to-image  acme/acme-img     1000x1000  160 IDR\n"), idr.toString());
    assertTrue(idr.out.contains("  total                                               256 IDR\n"), idr.toString());
  }

  @Test
  void alternativesListEveryOfferOfEachStepAndWhyOthersCannot() {
    Path catalog = Run.write(dir, "acme.json", ACME);
    Run r = Run.unigen("chain", "quote", Run.write(dir, "poster.json", POSTER).toString(), "--catalog", catalog.toString(),
        "--alternatives");
    assertEquals(Cli.OK, r.status, r.toString());
    assertTrue(r.out.contains("\nStep big (upscale):\n  #  offer         rule           estimate   as of\n"
        + "  1  acme/acme-up  per-megapixel  0.004 USD  2026-12-01\n"), r.toString());
    assertFalse(r.out.contains("--alternatives lists"), r.toString());
  }

  @Test
  void thePremiumImageChainIsQuotedFromTheShippedCatalog() {
    Path file = Path.of("../../sdk-examples/src/main/resources/chains/premium-image.json");
    Assumptions.assumeTrue(Files.isRegularFile(file), "the examples' chain files are beside this module");
    // Grok $0.00045 (60 tokens in at $1.25 and 150 out at $2.50 per 1M); z-image turbo 1024x1024, 1 MP of 2^20
    // x $0.005; SAM-3 $0.005; the cheapest priced inpaint (Runware's FLUX offers are unpriced since 2026-12-06),
    // fal's FLUX dev LoRA at 1024x1024, 1 MP of 2^20 x $0.035; SeedVR 5120x5120 = 26.2144 MP x $0.001.
    // Total 0.00045 + 0.005 + 0.005 + 0.035 + 0.0262144 = $0.0716644.
    Run r = Run.unigen("chain", "quote", file.toString());
    assertEquals(Cli.OK, r.status, r.toString());
    assertTrue(r.out.startsWith("Chain premium-image (premium-image.json): 5 steps\n"), r.toString());
    assertTrue(r.out.contains("  final    upscale        fal/seedvr-upscale                5120x5120  0.0262144 USD\n"), r.toString());
    assertTrue(r.out.contains("  dressed  inpaint        fal/flux-dev-lora                 1024x1024  0.035 USD\n"), r.toString());
    assertTrue(r.out.contains("  total                                                                0.0716644 USD\n"), r.toString());
  }

  @Test
  void aStepNothingCanServeFailsWithEveryReason() {
    Path catalog = Run.write(dir, "acme.json", ACME);
    Path unknown = Run.write(dir, "unknown.json", POSTER.replace("acme-up", "acme-upp"));
    Run none = Run.unigen("chain", "quote", unknown.toString(), "--catalog", catalog.toString());
    assertEquals(Cli.FAILED, none.status, none.toString());
    assertTrue(none.out.endsWith("Prices in USD.\n\nStep big (upscale):\nNo offer can serve this request.\n"), none.toString());
    assertTrue(none.err.contains("\nunigen chain quote: chain poster, step big: no offer can serve Request(upscale acme-upp):"
        + " no configured provider offers acme-upp\n"), none.toString());
    assertTrue(none.noStackTrace(), none.toString());
  }

  @Test
  void aChainFileThatDoesNotFitTheFormatFailsNamingTheField() {
    Path bad = Run.write(dir, "bad.json", POSTER.replace("{\"from\": \"art\"}", "{\"from\": \"artt\"}"));
    Run r = Run.unigen("chain", "quote", bad.toString());
    assertEquals(Cli.FAILED, r.status, r.toString());
    assertTrue(r.err.startsWith("unigen chain quote: bad.json: step big: from(artt) names no step of chain poster"), r.toString());
    Run missing = Run.unigen("chain", "run", dir.resolve("nope.json").toString());
    assertEquals(Cli.FAILED, missing.status, missing.toString());
    assertEquals("unigen chain run: no such chain file: " + dir.resolve("nope.json") + "\n", missing.err);
    Run negative = Run.unigen("chain", "run", offline("512x512", 2).toString(), "--budget", "-1");
    assertEquals(Cli.USAGE, negative.status, negative.toString());
    Run valid = Run.unigen("catalog", "validate", Run.write(dir, "poster.json", POSTER).toString());
    assertEquals(Cli.OK, valid.status, valid.toString());
    assertTrue(valid.out.endsWith("poster.json: chain 'poster', 3 steps: prompt, art, big\n"), valid.toString());
    Run invalid = Run.unigen("catalog", "validate", bad.toString());
    assertEquals(Cli.FAILED, invalid.status, invalid.toString());
    assertTrue(invalid.err.contains("bad.json: step big: from(artt) names no step of chain poster"), invalid.toString());
    Run noCommand = Run.unigen("chain");
    assertEquals(Cli.USAGE, noCommand.status, noCommand.toString());
  }

  private List<Path> files(Path in) throws Exception {
    try (Stream<Path> s = Files.list(in)) {
      return s.sorted().collect(Collectors.toList());
    }
  }

  @Test
  void runsOnTheSandboxWithNoKeySavingEachStepAndRecordingTheLedger() throws Exception {
    Path out = dir.resolve("out");
    Path ledger = dir.resolve("costs.jsonl");
    Run r = Run.unigen("chain", "run", offline("512x512", 2).toString(), "--out", out.toString(), "--ledger", ledger.toString());
    assertEquals(Cli.OK, r.status, r.toString());
    assertTrue(r.out.startsWith("Providers: sandbox\n\nChain premium-image (offline.json), quoted:\n"), r.toString());
    // The inpaint keeps the 512x512 of the image it repaints, so the 2x upscale makes 1024x1024, as quoted.
    assertTrue(r.out.contains("  final    upscale        sandbox/sandbox-upscale     1024x1024  0 USD\n"), r.toString());
    assertTrue(r.out.contains("  prompt   sandbox   grok-4.3"), r.toString());
    assertTrue(r.out.contains("  final    sandbox   sandbox-upscale"), r.toString());
    assertTrue(r.out.contains("  prompt wrote: a woman in a red raincoat, "), r.toString());
    assertTrue(r.out.contains("Actual 0 USD against 0 USD quoted (0 USD).\n"), r.toString());
    // The four pictures: the base, its mask, the inpaint and the upscale, named after the chain, the run and the step.
    List<Path> saved = files(out);
    assertEquals(4, saved.size(), saved.toString());
    assertTrue(saved.stream().allMatch(p -> p.getFileName().toString().startsWith("premium-image-")), saved.toString());
    assertTrue(r.out.contains("-final.png (image/png 1024x1024)"), r.toString());

    // Every attempt is in the ledger with the chain's tags, and the report groups them by chain.
    Run report = Run.unigen("ledger", "report", ledger.toString());
    assertEquals(Cli.OK, report.status, report.toString());
    assertTrue(report.out.contains("By chain (estimates of the steps that succeeded against the actual cost of every attempt)\n"),
        report.toString());
    assertTrue(report.out.contains("  premium-image     1        5  USD"), report.toString());
  }

  @Test
  void aStepThatFailsStopsTheChainKeepsWhatWasMadeAndExitsWithOne() throws Exception {
    // A 2048x2048 image upscaled 5x would be 10240 px a side: the sandbox refuses it when it is sent (its
    // catalog states no size limit, so the quote cannot know), after the four steps before it were made.
    Path out = dir.resolve("out");
    Run r = Run.unigen("chain", "run", offline("2048x2048", 5).toString(), "--out", out.toString());
    assertEquals(Cli.FAILED, r.status, r.toString());
    assertTrue(r.out.contains("  final    -         -"), r.toString());
    assertTrue(r.err.startsWith("unigen chain run: step final failed, so the chain stopped; the steps before it are kept above: "),
        r.toString());
    assertEquals(3, files(out).size(), "the base, the mask and the inpaint are kept: " + r);
    assertTrue(r.noStackTrace(), r.toString());
  }
}
