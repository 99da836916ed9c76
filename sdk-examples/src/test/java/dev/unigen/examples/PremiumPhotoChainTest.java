package dev.unigen.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.Chain;
import dev.unigen.Generation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The premium image chain runs end to end offline: every step on the sandbox, the 5x upscale included. */
class PremiumPhotoChainTest {
  @Test
  void theWholeChainRunsOnTheSandbox(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Chain.Result r;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      r = PremiumPhotoChain.run(dir, out);
    }
    String text = bytes.toString(StandardCharsets.UTF_8);

    assertTrue(r.succeeded(), r + "\n" + text);
    assertEquals(List.of("prompt", "base", "clothes", "dressed", "final"), new ArrayList<>(r.steps().keySet()));
    for (Generation g : r.steps().values()) assertEquals("sandbox", g.provider(), text);
    // The prompt the sandbox wrote is the image's prompt.
    String prompt = r.step("prompt").get().text().get();
    assertTrue(prompt.startsWith(PremiumPhotoChain.CHARACTER), prompt);
    assertEquals(prompt, r.step("base").get().request().prompt().get());
    // The inpaint keeps the 1024x1024 of the image it repaints, and SeedVR's 5x makes 5120x5120, as quoted.
    assertEquals(1024, r.step("dressed").get().assets().get(0).width().getAsInt());
    assertEquals(5120, r.last().assets().get(0).width().getAsInt());
    assertEquals(5120, r.quote().step("final").outputSize().get().width());
    assertTrue(Files.size(dir.resolve("premium-image.png")) > 0);
    // Each step's provider and cost, and the total against the quote: zero on the sandbox.
    assertTrue(text.startsWith("Providers: sandbox\n"), text);
    assertTrue(text.contains("  final    sandbox/sandbox-upscale"), text);
    assertTrue(text.contains("Saved the premium image (image/png 5120x5120) to " + dir.resolve("premium-image.png")), text);
    assertTrue(text.contains("Actual 0.00 USD against 0.00 USD quoted; the ledger holds 5 entries tagged chain=premium-image."), text);
  }
}
