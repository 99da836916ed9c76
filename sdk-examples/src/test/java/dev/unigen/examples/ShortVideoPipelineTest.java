package dev.unigen.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.Chain;
import dev.unigen.Generation;
import dev.unigen.money.Money;
import dev.unigen.planning.CostPlan;
import dev.unigen.planning.LineCost;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The short-video pipeline makes a clip offline on the sandbox, and plans a month from the shipped prices. */
class ShortVideoPipelineTest {
  @Test
  void oneClipIsMadeOnTheSandbox(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Chain.Result r;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      r = ShortVideoPipeline.run(dir, out);
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(r.succeeded(), r + "\n" + text);
    assertEquals(List.of("prompt", "reference", "animation"), new ArrayList<>(r.steps().keySet()));
    for (Generation g : r.steps().values()) assertEquals("sandbox", g.provider(), text);
    // The prompt the sandbox wrote drives both the picture and the clip, and the clip starts from the picture.
    String prompt = r.step("prompt").get().text().get();
    assertEquals(prompt, r.step("reference").get().request().prompt().get());
    assertEquals(prompt, r.step("animation").get().request().prompt().get());
    assertTrue(r.step("animation").get().request().image().isPresent());
    assertTrue(Files.list(dir).anyMatch(p -> p.getFileName().toString().startsWith("short-video.")), text);
    assertTrue(text.contains("  animation  sandbox/wan-2.5"), text);
    assertTrue(text.contains("Actual 0.00 USD against 0.00 USD quoted."), text);
  }

  @Test
  void aMonthIsPlannedStepByStepWithUnits() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CostPlan plan;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      plan = ShortVideoPipeline.planMonth(out);
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    // A clip: the Grok prompt $0.00045 (60 tokens in at $1.25/1M, 150 out at $2.50/1M), the reference image
    // $0.005 (1 MP of 2^20 pixels at $0.005), Wan 2.5 on WaveSpeed 5 s × $0.05 = $0.25: $0.25545; 1,000: $255.45.
    LineCost clips = plan.scenarios().get(0).lines().get(0);
    assertEquals(0, Money.usd("255.45").compareTo(clips.cost().get()), clips.toString());
    assertTrue(text.contains("1,000 clips a month on fal, WaveSpeed and xAI: 255.45"), text);
    assertTrue(text.contains("1,000 × (60 tokens in × 1.25 USD/1M + 150 tokens out × 2.5 USD/1M) = 0.45 USD"), text);
    assertTrue(text.contains("1,000 × 5 s × 0.05 USD/s"), text);
  }
}
