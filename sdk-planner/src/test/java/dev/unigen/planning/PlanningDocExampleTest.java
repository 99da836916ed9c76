package dev.unigen.planning;

import static dev.unigen.planning.PlanningFixtures.IDR;
import static dev.unigen.planning.PlanningFixtures.idr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.catalog.Catalog;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The full example of {@code docs/planning.md} parses, and plans to the figures the page's table
 * gives. Every amount is worked out by hand there and in the comments here.
 */
class PlanningDocExampleTest {
  static final Path DOC = Path.of("..", "docs", "planning.md");
  private static WorkloadFile file;
  private static CostPlan plan;

  /** The first ```json block after the heading "Full example". */
  static String fullExample() throws IOException {
    List<String> lines = Files.readString(DOC, StandardCharsets.UTF_8).lines().toList();
    int i = 0;
    while (i < lines.size() && !lines.get(i).equals("## Full example")) i++;
    while (i < lines.size() && !lines.get(i).strip().equals("```json")) i++;
    StringBuilder json = new StringBuilder();
    for (i++; i < lines.size() && !lines.get(i).strip().equals("```"); i++) json.append(lines.get(i)).append('\n');
    if (i >= lines.size()) throw new AssertionError("no closed json block after '## Full example' in " + DOC);
    return json.toString();
  }

  @BeforeAll
  static void planTheExample() throws IOException {
    file = WorkloadFile.parse(fullExample(), "planning.md");
    // The file carries its own catalog, so an empty one is enough.
    CostPlanner planner = CostPlanner.builder().catalog(Catalog.empty()).currency(file.currency().get())
        .fxRates(file.fxRates()).build();
    plan = planner.plan(file.workload(), file.scenarios());
  }

  private static ScenarioCost scenario(String name) {
    return plan.scenario(name).get();
  }

  @Test
  void huggingFaceProPaysOffAboveFourHundredAndThirtyFiveImagesAMonth() {
    // Its lines on Hugging Face: 100 schnell at Rp 9.6 and 50 dev at Rp 19.2 (Rp 1,920); on fal, the
    // cheapest other provider, Rp 96 and Rp 800 (Rp 49,600). Fee Rp 144,000, credit Rp 32,000.
    // 144,000 × 1,920 ≤ 32,000 × 49,600, so the credit still pays at the break-even:
    // v* = 144,000 × 150 ÷ 49,600 = 435.48…, so the plan pays off above 435 images a month.
    BreakEven alone = scenario("HF PRO + Runware").breakEvens().get(0);
    assertEquals(435L, alone.paysOffAboveWhole().get());
    assertEquals(150, alone.outputs());
    assertEquals(0, idr("49600").compareTo(alone.payAsYouGo()));
    assertEquals(0, idr("144000").compareTo(alone.withPlan()));
    // Shared by ten: 1,500 images a month, with the plan Rp 144,000 against Rp 496,000 on fal.
    BreakEven shared = scenario("HF PRO shared by 10").breakEvens().get(0);
    assertEquals(1500, shared.outputs());
    assertTrue(shared.paysOffNow());
    assertEquals(0, idr("496000").compareTo(shared.payAsYouGo()));
    // All fal allows no other provider: nothing to weigh.
    assertTrue(scenario("All fal").breakEvens().isEmpty());
  }

  @Test
  void theFileSaysWhatToReportIn() {
    assertEquals(IDR, file.currency().get());
    assertEquals(10, file.workload().users());
    assertEquals(idr("199000"), file.workload().revenue().get());
    assertEquals(List.of("All fal", "HF PRO + Runware", "HF PRO shared by 10"),
        file.scenarios().stream().map(Scenario::name).toList());
  }

  @Test
  void allFal() {
    ScenarioCost s = scenario("All fal");
    // 300 x $0.005 = $1.50 = Rp 24,000; 100 x 2 MP x $0.003 = $0.60 = Rp 9,600;
    // 50 x 2 MP x $0.025 = $2.50 = Rp 40,000; 3 x $0.18 = $0.54 = Rp 8,640.
    assertEquals(idr("24000"), s.lines().get(0).cost().get());
    assertEquals(idr("9600"), s.lines().get(1).cost().get());
    assertEquals(idr("40000"), s.lines().get(2).cost().get());
    assertEquals(idr("8640"), s.lines().get(3).cost().get());
    assertEquals("fal/seedance-lite", s.lines().get(3).offer().get().key());
    // Total 82,240; margin 199,000 - 82,240 = 116,760; 116,760 / 199,000 = 0.586733668341708542713...
    assertEquals(idr("82240"), s.total());
    assertEquals(idr("116760"), s.margin().get());
    assertEquals(new BigDecimal("0.58673366834170854271"), s.marginRatio().get());
  }

  @Test
  void hfProForOneUser() {
    ScenarioCost s = scenario("HF PRO + Runware");
    // Poses 300 x $0.00125 = Rp 6,000. FLUX on Hugging Face: 100 x $0.0006 + 50 x $0.0012 =
    // $0.12 = Rp 1,920, within the $2.00 credit, so charged nothing. Videos on Replicate:
    // 3 x 5 s x $0.25 = $3.75 = Rp 60,000. Fee $9.00 / 1 = Rp 144,000.
    // Total 6,000 + 60,000 + 144,000 = Rp 210,000; margin -11,000; -11,000 / 199,000 = -0.0552763819095477386934...
    assertEquals(idr("6000"), s.lines().get(0).cost().get());
    assertEquals(idr("960"), s.lines().get(1).credited());
    assertEquals(idr("0"), s.lines().get(2).charged().get());
    assertEquals("replicate/wan-2.1", s.lines().get(3).offer().get().key());
    assertEquals(idr("60000"), s.lines().get(3).cost().get());
    assertEquals(idr("144000"), s.subscriptions().get(0).feePerUser());
    assertEquals(idr("210000"), s.total());
    assertEquals(idr("-11000"), s.margin().get());
    assertEquals(new BigDecimal("-0.05527638190954773869"), s.marginRatio().get());
  }

  @Test
  void hfProSharedByTen() {
    ScenarioCost s = scenario("HF PRO shared by 10");
    // Ten users use 10 x $0.12 = $1.20 of the credit. Fee 144,000 / 10 = Rp 14,400.
    // Total 6,000 + 60,000 + 14,400 = Rp 80,400; margin 118,600 = 0.5959798994974874371859...
    assertEquals(10, s.subscriptions().get(0).sharedBy());
    assertEquals(idr("19200"), s.subscriptions().get(0).usage());
    assertEquals(idr("14400"), s.subscriptions().get(0).feePerUser());
    assertEquals(idr("80400"), s.total());
    assertEquals(idr("804000"), s.totalForAllUsers());
    assertEquals(new BigDecimal("0.59597989949748743719"), s.marginRatio().get());
    // Against All fal: 82,240 - 80,400 = Rp 1,840; 1,840 / 82,240 = 0.0223735408560311284046...
    CostPlan.Savings saved = plan.savings("All fal", "HF PRO shared by 10");
    assertEquals(idr("1840"), saved.amount());
    assertEquals(new BigDecimal("0.0223735408560311284"), saved.ratio().get()); // the 20th place is a 0, dropped
    assertEquals(idr("-127760"), plan.savings("All fal", "HF PRO + Runware").amount());
    assertTrue(saved.comparable());
  }

  @Test
  void theSourcesAreTheCatalogEntries() {
    LineCost poses = scenario("HF PRO + Runware").lines().get(0);
    assertEquals("published cost plan, photo platform", poses.offer().get().source());
    assertEquals("2025-10-10", poses.offer().get().asOf().toString());
    assertEquals("2026-11-23", scenario("HF PRO + Runware").subscriptions().get(0).subscription().asOf());
  }
}
