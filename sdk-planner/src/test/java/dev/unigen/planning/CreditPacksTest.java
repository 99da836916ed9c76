package dev.unigen.planning;

import static dev.unigen.planning.PlanningFixtures.IDR;
import static dev.unigen.planning.PlanningFixtures.USD;
import static dev.unigen.planning.PlanningFixtures.idr;
import static dev.unigen.planning.PlanningFixtures.planner;
import static dev.unigen.planning.PlanningFixtures.schnell;
import static dev.unigen.planning.PlanningFixtures.usd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.money.FxRates;
import dev.unigen.request.Task;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A short-video platform's credit-pack table: packs of 100 credits for $5, 500 for $20 and 2,000
 * for $60, and what each output costs and is charged. The published "margin" column does not
 * follow from its figures; these do, by hand.
 */
class CreditPacksTest {
  private static final CreditPacks SEED_003 = CreditPacks.builder()
      .pack("Starter", 100, usd("5"))
      .pack("Pro", 500, usd("20"))
      .pack("Agency", 2000, usd("60"))
      .output("LoRA training", new BigDecimal("50"), usd("2.05"))
      .output("Basic image", BigDecimal.ONE, usd("0.013"))
      .output("Premium video (5s)", new BigDecimal("15"), usd("0.71"))
      .build();

  private static CreditPacks.Cell cell(CreditPacks.Table t, int row, int pack) {
    return t.rows().get(row).cells().get(pack);
  }

  @Test
  void everyOutputInEveryPack() {
    CreditPacks.Table t = SEED_003.table(USD, FxRates.none());
    // A credit is $5/100 = $0.05, $20/500 = $0.04, $60/2000 = $0.03.
    assertEquals(usd("0.05"), t.packs().get(0).pricePerCredit());
    assertEquals(usd("0.03"), t.packs().get(2).pricePerCredit());

    // Basic image, 1 credit, costs $0.013:
    // Starter 0.05 - 0.013 = 0.037, 0.037 / 0.05 = 0.74; Pro 0.04 - 0.013 = 0.027, / 0.04 = 0.675;
    // Agency 0.03 - 0.013 = 0.017, / 0.03 = 0.5666... = 0.56666666666666666667.
    assertEquals(usd("0.05"), cell(t, 1, 0).revenue());
    assertEquals(usd("0.037"), cell(t, 1, 0).margin());
    assertEquals(0, new BigDecimal("0.74").compareTo(cell(t, 1, 0).marginRatio().get()));
    assertEquals(usd("0.027"), cell(t, 1, 1).margin());
    assertEquals(0, new BigDecimal("0.675").compareTo(cell(t, 1, 1).marginRatio().get()));
    assertEquals(usd("0.017"), cell(t, 1, 2).margin());
    assertEquals(new BigDecimal("0.56666666666666666667"), cell(t, 1, 2).marginRatio().get());
    // One credit covers $0.013 in every pack.
    assertEquals(1, cell(t, 1, 2).breakEvenCredits().getAsLong());

    // Premium video, 15 credits, costs $0.71: Starter 15 x 0.05 = 0.75, margin 0.04, 0.04 / 0.75 =
    // 0.05333...; Pro 0.60, margin -0.11, -0.18333...; Agency 0.45, margin -0.26, -0.57777...
    assertEquals(usd("0.75"), cell(t, 2, 0).revenue());
    assertEquals(usd("0.04"), cell(t, 2, 0).margin());
    assertEquals(new BigDecimal("0.05333333333333333333"), cell(t, 2, 0).marginRatio().get());
    assertEquals(usd("-0.11"), cell(t, 2, 1).margin());
    assertEquals(new BigDecimal("-0.18333333333333333333"), cell(t, 2, 1).marginRatio().get());
    assertEquals(usd("0.45"), cell(t, 2, 2).revenue());
    assertEquals(usd("-0.26"), cell(t, 2, 2).margin());
    assertEquals(new BigDecimal("-0.57777777777777777778"), cell(t, 2, 2).marginRatio().get());
    // Credits to break even: 0.71 / 0.05 = 14.2 -> 15; 0.71 / 0.04 = 17.75 -> 18; 0.71 / 0.03 = 23.67 -> 24.
    assertEquals(15, cell(t, 2, 0).breakEvenCredits().getAsLong());
    assertEquals(18, cell(t, 2, 1).breakEvenCredits().getAsLong());
    assertEquals(24, cell(t, 2, 2).breakEvenCredits().getAsLong());

    // LoRA training, 50 credits, costs $2.05: Agency 50 x 0.03 = 1.50, a loss of 0.55; 2.05 / 0.03 = 68.3 -> 69.
    assertEquals(usd("-0.55"), cell(t, 0, 2).margin());
    assertEquals(69, cell(t, 0, 2).breakEvenCredits().getAsLong());
  }

  @Test
  void inRupiah() {
    // Basic image in Starter: 0.037 x 16,000 = Rp 592.
    CreditPacks.Table t = SEED_003.table(IDR, PlanningFixtures.RUPIAH);
    assertEquals(idr("80000"), t.packs().get(0).price());
    assertEquals(idr("592"), cell(t, 1, 0).margin());
  }

  @Test
  void outputsCostWhatTheirLinesCostInEachScenario() {
    // "Image + masks": one FLUX schnell image and one SAM-3 segmentation per output. On fal the
    // image is $0.006 and the mask $0.005: $0.011. Priced at 1 credit of $0.05: margin $0.039.
    WorkloadLine image = schnell("image", 1000);
    WorkloadLine masks = WorkloadLine.builder(Task.SEGMENTATION).name("masks").model("sam-3").count(1000).build();
    CreditPacks packs = CreditPacks.builder().pack("Starter", 100, usd("5"))
        .output("Image + masks", BigDecimal.ONE, List.of("image", "masks")).build();
    Workload w = Workload.builder("pipeline").line(image).line(masks).creditPacks(packs).build();
    CostPlan plan = planner(USD).plan(w, Scenario.allOn("fal", "fal"), Scenario.allOn("Runware", "runware"));
    CreditPacks.Table t = plan.scenario("fal").get().creditPacks().get();
    assertEquals(usd("0.011"), t.rows().get(0).cost());
    assertEquals(usd("0.039"), t.rows().get(0).cells().get(0).margin());
    // Runware has no SAM-3: no table, and a note saying why.
    ScenarioCost runware = plan.scenario("Runware").get();
    assertTrue(runware.creditPacks().isEmpty());
    assertEquals("credit packs not worked out: output 'Image + masks' needs line 'masks', which is not priced"
        + " (runware does not offer model sam-3; offered by fal)", runware.notes().get(0));
  }

  @Test
  void aTableOfLineCostsNeedsAPlan() {
    CreditPacks packs = CreditPacks.builder().pack("p", 1, usd("1")).output("o", BigDecimal.ONE, List.of("x")).build();
    assertThrows(IllegalStateException.class, () -> packs.table(USD, FxRates.none()));
  }

  @Test
  void packsAndOutputsAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> CreditPacks.builder().pack("p", 0, usd("1")));
    assertThrows(IllegalArgumentException.class, () -> CreditPacks.builder().output("o", BigDecimal.ZERO, usd("1")));
    assertThrows(IllegalArgumentException.class, () -> CreditPacks.builder().pack("p", 1, usd("1")).build());
    assertThrows(IllegalArgumentException.class,
        () -> Workload.builder("w").line(schnell("a", 1))
            .creditPacks(CreditPacks.builder().pack("p", 1, usd("1")).output("o", BigDecimal.ONE, List.of("b")).build())
            .build());
  }
}
