package dev.unigen.planning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.internal.JsonFields;
import dev.unigen.internal.JsonTree;
import dev.unigen.money.Money;
import dev.unigen.reports.PlanReport;
import dev.unigen.reports.ReportFormat;
import dev.unigen.request.Task;
import dev.unigen.routing.Strategy;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * When offers quote exactly the same, the declared rule chooses (the cheapest strategy: provider
 * name, then model) and the plan says so. By hand: fal's FLUX schnell at $0.003 per megapixel of
 * 2^20 pixels makes a 1024×1024 image for exactly $0.003, Replicate's costs $0.003 an image, and
 * Runware's $0.0031; fal's z-image at $0.003 an image ties with fal's FLUX schnell too.
 */
class TieTest {
  private static final Catalog CATALOG = Catalog.parse("""
      {
        "format": 1,
        "offers": [
          { "provider": "replicate", "model": "flux-schnell", "endpoint": "black-forest-labs/flux-schnell",
            "tasks": ["text-to-image"], "price": { "kind": "per-image", "price": "0.003" },
            "asOf": "2026-12-01", "source": "test" },
          { "provider": "runware", "model": "flux-schnell", "endpoint": "runware:100@1",
            "tasks": ["text-to-image"], "price": { "kind": "per-image", "price": "0.0031" },
            "asOf": "2026-12-01", "source": "test" },
          { "provider": "fal", "model": "z-image", "endpoint": "fal-ai/z-image/turbo",
            "tasks": ["text-to-image"], "price": { "kind": "per-image", "price": "0.003" },
            "asOf": "2026-12-01", "source": "test" },
          { "provider": "fal", "model": "flux-schnell", "endpoint": "fal-ai/flux/schnell",
            "tasks": ["text-to-image"],
            "price": { "kind": "per-megapixel", "price": "0.003", "megapixelBase": 1048576, "rounding": "up" },
            "asOf": "2026-12-01", "source": "test" }
        ]
      }
      """, "ties.json");

  private static final CostPlanner PLANNER = CostPlanner.builder().catalog(CATALOG).build();

  private static Workload images(String model) {
    WorkloadLine.Builder line = WorkloadLine.builder(Task.TEXT_TO_IMAGE).name("Images").size(1024, 1024).count(100);
    if (model != null) line.model(model);
    return Workload.builder("ties").line(line.build()).build();
  }

  private static LineCost line(Workload w, Scenario s) {
    return PLANNER.plan(w, s).scenarios().get(0).lines().get(0);
  }

  @Test
  void theCheapestStrategyBreaksATieByProviderNameAndSaysSo() {
    LineCost l = line(images("flux-schnell"), Scenario.cheapest("Cheapest"));
    assertEquals("fal/flux-schnell", l.offer().get().key()); // "fal" sorts before "replicate"
    Tie t = l.tie().get();
    assertEquals(List.of("replicate/flux-schnell"), t.tiedWith().stream().map(Offer::key).collect(Collectors.toList()));
    assertEquals(Money.usd("0.003"), t.estimate());
    assertEquals("provider name", t.brokenBy());
    assertEquals("tied with replicate/flux-schnell at 0.003 USD; chosen by provider name", t.toString());
    assertEquals(Money.usd("0.300"), l.cost().get()); // 100 × 0.003, Runware's 0.0031 not tied
  }

  @Test
  void oneProvidersEqualOffersAreChosenByModelName() {
    // Any model, on fal only: flux-schnell and z-image both cost $0.003; "flux-schnell" sorts first.
    LineCost l = line(images(null), Scenario.allOn("fal", "fal"));
    assertEquals("fal/flux-schnell", l.offer().get().key());
    assertEquals("tied with fal/z-image at 0.003 USD; chosen by model name", l.tie().get().toString());
  }

  @Test
  void anotherStrategyIsNamedAsWhatChose() {
    Scenario order = Scenario.builder("Replicate first").strategy(Strategy.providerOrder("replicate", "fal")).build();
    LineCost l = line(images("flux-schnell"), order);
    assertEquals("replicate/flux-schnell", l.offer().get().key());
    assertEquals("tied with fal/flux-schnell at 0.003 USD; chosen by the scenario's strategy (provider order [replicate, fal])",
        l.tie().get().toString());
  }

  @Test
  void noTieNoNote() {
    assertTrue(line(images("flux-schnell"), Scenario.allOn("Runware", "runware")).tie().isEmpty());
  }

  @Test
  void reportsShowTheTieAndTheRule() {
    CostPlan plan = PLANNER.plan(images("flux-schnell"), Scenario.cheapest("Cheapest"));
    String text = PlanReport.of(plan).render(ReportFormat.TEXT);
    assertTrue(text.contains("  Tie: 1 Images on fal/flux-schnell: tied with replicate/flux-schnell at 0.003 USD;"
        + " chosen by provider name\n"), text);
    String html = PlanReport.of(plan).render(ReportFormat.HTML);
    assertTrue(html.contains("<span class=\"muted\">tied with replicate/flux-schnell at 0.003 USD; chosen by provider name"
        + "</span>"), html);
    JsonFields tie = JsonFields.of(JsonTree.parse(PlanReport.of(plan).render(ReportFormat.JSON)), "$")
        .objects("scenarios").get(0).objects("lines").get(0).object("tie").get();
    assertEquals("provider name", tie.requireString("brokenBy"));
    assertEquals("0.003", tie.object("estimate").get().requireString("amount"));
  }
}
