package dev.unigen.planning;

import static dev.unigen.planning.PlanningFixtures.USD;
import static dev.unigen.planning.PlanningFixtures.planner;
import static dev.unigen.planning.PlanningFixtures.schnell;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.catalog.Catalog;
import dev.unigen.internal.JsonFields;
import dev.unigen.internal.JsonTree;
import dev.unigen.money.Money;
import dev.unigen.reports.PlanReport;
import dev.unigen.reports.ReportFormat;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * Hugging Face PRO ($9 a month, $2 of credit) weighed against pay-as-you-go on the fixtures'
 * FLUX schnell offers: Hugging Face $0.0006 an image (5 s × $0.00012), Runware $0.0013, fal
 * $0.006 (1024×1024 rounds up to 2 MP × $0.003). Every volume is worked out by hand.
 */
class BreakEvenTest {
  private static Workload images(int users, long count) {
    return Workload.builder("images").users(users).line(schnell("Images", count)).build();
  }

  private static BreakEven only(ScenarioCost s) {
    assertEquals(1, s.breakEvens().size(), s.breakEvens().toString());
    return s.breakEvens().get(0);
  }

  @Test
  void aboveTheCreditTheFeeLessTheCreditIsEarnedBackOnTheDifference() {
    // Against Runware, the cheapest other: at v images, with PRO 9 + (0.0006 v − 2) once the credit is
    // spent, without 0.0013 v. 9 × 0.0006 = 0.0054 > 2 × 0.0013 = 0.0026, so the credit is spent by then:
    // v* = (9 − 2) ÷ (0.0013 − 0.0006) = 7 ÷ 0.0007 = 10,000.
    ScenarioCost s = planner(USD).plan(images(1, 1000), Scenario.cheapest("Cheapest")).scenarios().get(0);
    assertEquals("huggingface/flux-schnell", s.lines().get(0).offer().get().key());
    BreakEven b = only(s);
    assertFalse(b.held());
    assertEquals("runware/flux-schnell", b.lines().get(0).elsewhere().key());
    assertEquals(0, new BigDecimal("10000").compareTo(b.paysOffAbove().get()));
    assertEquals(10000L, b.paysOffAboveWhole().get());
    assertEquals(Money.usd("0.0006"), b.onPlanPerOutput());
    assertEquals(Money.usd("0.0013"), b.elsewherePerOutput());
    // Today 1,000 images: with PRO $9 (the credit pays the $0.60), without $1.30.
    assertEquals(1000, b.outputs());
    assertEquals(0, Money.usd("9").compareTo(b.withPlan()));
    assertEquals(0, Money.usd("1.3").compareTo(b.payAsYouGo()));
    assertFalse(b.paysOffNow());
    assertEquals("huggingface/pro pays off above 10,000 images a month; here 1,000 (1 user × 1,000)", b.toString());
  }

  @Test
  void whileTheCreditCoversTheUsageTheFeeAloneIsEarnedBack() {
    // Only fal besides: 9 × 0.0006 = 0.0054 ≤ 2 × 0.006 = 0.012, so at the break-even the credit still
    // pays the Hugging Face usage (1,500 × 0.0006 = 0.90): v* = 9 ÷ 0.006 = 1,500.
    Scenario held = Scenario.builder("HF PRO or fal").providers("fal", "huggingface").subscription("huggingface", "pro")
        .build();
    BreakEven b = only(planner(USD).plan(images(10, 1000), held).scenarios().get(0));
    assertTrue(b.held());
    assertEquals(10, b.sharedBy());
    assertEquals("fal/flux-schnell", b.lines().get(0).elsewhere().key());
    assertEquals(1500L, b.paysOffAboveWhole().get());
    // Ten users, 10,000 images: with PRO 9 + (6 − 2) = 13, on fal 60.
    assertEquals(0, Money.usd("13").compareTo(b.withPlan()));
    assertEquals(0, Money.usd("60").compareTo(b.payAsYouGo()));
    assertTrue(b.paysOffNow());
  }

  @Test
  void aProviderNoCheaperThanTheOthersNeverPaysOff() {
    // The scenario prices Hugging Face's FLUX schnell at $0.002 and puts the line there; Runware's
    // $0.0013 is cheaper, so no volume earns the fee back.
    Catalog dearer = Catalog.parse("""
        { "format": 1, "offers": [
          { "provider": "huggingface", "model": "flux-schnell", "endpoint": "black-forest-labs/FLUX.1-schnell",
            "tasks": ["text-to-image"], "price": { "kind": "per-image", "price": "0.002" },
            "asOf": "2026-12-01", "source": "test" } ] }
        """, "dearer.json");
    Scenario s = Scenario.builder("HF").assign("Images", "huggingface").catalog(dearer).build();
    BreakEven b = only(planner(USD).plan(images(1, 1000), s).scenarios().get(0));
    assertTrue(b.paysOffAbove().isEmpty());
    assertEquals("huggingface/pro never pays off on these images: its provider costs no less than the others;"
        + " here 1,000 (1 user × 1,000)", b.toString());
  }

  @Test
  void aScenarioThatAllowsNeitherTheProviderNorItsLinesWeighsNothing() {
    assertTrue(planner(USD).plan(images(1, 1000), Scenario.allOn("All fal", "fal")).scenarios().get(0).breakEvens().isEmpty());
    // Lines assigned elsewhere are the scenario's choice, not weighed.
    Scenario runware = Scenario.builder("Runware").assign("Images", "runware").build();
    assertTrue(planner(USD).plan(images(1, 1000), runware).scenarios().get(0).breakEvens().isEmpty());
  }

  @Test
  void reportsCarryTheBreakEvenLine() {
    CostPlan plan = planner(USD).plan(images(1, 1000), Scenario.cheapest("Cheapest"));
    String text = PlanReport.of(plan).render(ReportFormat.TEXT);
    assertTrue(text.contains("  Break-even: huggingface/pro pays off above 10,000 images a month: 0.0006 USD an image on"
        + " huggingface against 0.0013 on the cheapest other offers, for a fee of 9.00 with 2.00 of credit; here 1,000 a"
        + " month (1 user × 1,000), and pay-as-you-go is cheaper: 1.30 against 9.00 (not held in this scenario).\n"), text);
    assertTrue(PlanReport.of(plan).render(ReportFormat.HTML).contains("Break-even: huggingface/pro pays off above 10,000"));
    JsonFields b = JsonFields.of(JsonTree.parse(PlanReport.of(plan).render(ReportFormat.JSON)), "$")
        .objects("scenarios").get(0).objects("breakEvens").get(0);
    assertEquals("10000", b.requireString("paysOffAbove"));
    assertEquals("runware/flux-schnell", b.objects("lines").get(0).requireString("elsewhere"));
  }
}
