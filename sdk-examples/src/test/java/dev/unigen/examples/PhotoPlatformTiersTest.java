package dev.unigen.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.money.Money;
import dev.unigen.planning.CostPlan;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The photo platform's tiers, planned from the shipped prices; figures worked out by hand. */
class PhotoPlatformTiersTest {
  @Test
  void everyTierIsPlannedAndReported(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Map<String, CostPlan> plans;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      plans = PhotoPlatformTiers.plan(dir, out);
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(PhotoPlatformTiers.TIERS, plans.keySet().stream().toList());
    // PRO on the published new plan: poses 1,500 × Rp 60.8 = 91,200; Hugging Face at fal's rates,
    // 100 × $0.003 + 200 × $0.025 = $5.30 = Rp 84,800, less the Rp 320 of credit each of the 100 users'
    // share pays; FLUX Pro 32,000; videos 100,000; fee 144,000 ÷ 100 = 1,440: Rp 309,120 a user.
    assertEquals(0, Money.of("309120", "IDR").compareTo(
        plans.get("photo-platform-pro.json").scenario("HF PRO + Runware + Replicate").get().total()));
    assertTrue(text.contains("Photo platform PRO (100 users, 449,000 IDR a user a month)"), text);
    // (449,000 − 309,120) ÷ 449,000 = 139,880 ÷ 449,000 = 31.15 %
    assertTrue(text.contains("  HF PRO + Runware + Replicate                    309,120 IDR  margin 31.15 %"), text);
    // Hugging Face now bills fal's own rates, no less than the other offers: the plan's fee never pays off.
    assertTrue(text.contains("huggingface/pro never pays off on these images: its provider costs no less than the others"),
        text);
    for (String tier : PhotoPlatformTiers.TIERS) {
      Path html = dir.resolve(tier.replace(".json", ".html"));
      assertTrue(Files.readString(html).contains("Break-even: huggingface/pro"), html.toString());
    }
  }
}
