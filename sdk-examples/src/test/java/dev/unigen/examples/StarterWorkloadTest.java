package dev.unigen.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.planning.CostPlan;
import dev.unigen.planning.CostPlanner;
import dev.unigen.planning.LineCost;
import dev.unigen.planning.Scenario;
import dev.unigen.planning.ScenarioCost;
import dev.unigen.planning.WorkloadFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The workload to copy, {@code workloads/starter.json}: small, explained in its descriptions, and
 * served in full by the shipped catalogs in every scenario; the planning guide points to it.
 */
class StarterWorkloadTest {
  private static final WorkloadFile STARTER = PublishedCostPlans.load("starter.json");

  @Test
  void isSmallAndSaysWhatItIs() {
    assertTrue(STARTER.workload().lines().size() <= 3, "a starter has two or three lines");
    assertTrue(STARTER.workload().description().orElse("").contains("unigen plan starter.json"));
    assertEquals(List.of("Cheapest", "All fal"), STARTER.scenarios().stream().map(Scenario::name).toList());
    for (Scenario s : STARTER.scenarios()) assertFalse(s.description().orElse("").isBlank(), s.name());
  }

  @Test
  void everyLineIsServedOnTheShippedCatalogs() {
    CostPlan plan = CostPlanner.builder().catalog(PublishedCostPlans.shippedCatalog())
        .currency(STARTER.currency().orElse(Currency.getInstance("USD"))).fxRates(STARTER.fxRates()).build()
        .plan(STARTER.workload(), STARTER.scenarios());
    for (ScenarioCost s : plan.scenarios()) {
      assertTrue(s.complete(), s.name() + ": " + s.lines());
      for (LineCost l : s.lines()) assertTrue(l.derivation().contains(" × "), l.derivation());
      assertTrue(s.margin().isPresent(), "the starter states a revenue, so every scenario has a margin");
    }
  }

  @Test
  void thePlanningGuidePointsToIt() throws IOException {
    String guide = Files.readString(Path.of("..", "docs", "planning.md"), StandardCharsets.UTF_8);
    assertTrue(guide.contains("(../sdk-examples/src/main/resources/workloads/starter.json)"));
  }
}
