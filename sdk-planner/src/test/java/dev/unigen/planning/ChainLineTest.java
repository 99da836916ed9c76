package dev.unigen.planning;

import static dev.unigen.planning.PlanningFixtures.IDR;
import static dev.unigen.planning.PlanningFixtures.RUPIAH;
import static dev.unigen.planning.PlanningFixtures.USD;
import static dev.unigen.planning.PlanningFixtures.idr;
import static dev.unigen.planning.PlanningFixtures.usd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.Chain;
import dev.unigen.catalog.Catalog;
import dev.unigen.money.Money;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import dev.unigen.routing.Strategy;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Currency;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workload lines that run a chain: priced from the chain's quote × the count, step by step, with
 * every figure worked out by hand in the comments from {@link PlanningFixtures#STUDIO_JSON}.
 */
class ChainLineTest {
  static final String PREMIUM_PHOTO = PlanningFixtures.PREMIUM_PHOTO_JSON;
  static final Catalog CATALOG = PlanningFixtures.STUDIO;

  static final Chain CHAIN = Chain.fromJson(PREMIUM_PHOTO, "premium-photo.json");

  private static CostPlanner planner(Currency currency) {
    return CostPlanner.builder().catalog(CATALOG).currency(currency).fxRates(RUPIAH).build();
  }

  private static Workload photos(long count) {
    return Workload.builder("photos").line(WorkloadLine.builder(CHAIN).name("Premium photos").count(count).build()).build();
  }

  private static final Scenario SEED_STACK = Scenario.builder("Seed stack").providers("fal", "xai").build();

  @Test
  void fiveHundredPremiumPhotosArePricedFromTheChainsQuoteTimesTheCount() {
    // One run on fal and xAI: prompt $0.001, image 1 MP x $0.005 = $0.005, mask $0.005, inpaint (fal's,
    // the only one allowed) $0.02, upscale 5120x5120 = 26.2144 MP x $0.001 = $0.0262144: $0.0572144.
    // x 500 = $28.6072.
    LineCost line = planner(USD).plan(photos(500), SEED_STACK).scenarios().get(0).lines().get(0);
    assertTrue(line.isPriced(), line.toString());
    assertTrue(line.isChain());
    assertEquals(usd("28.6072"), line.cost().get());
    assertEquals(usd("28.6072"), line.ruleCost().get());
    assertEquals(usd("0.0572144"), line.unitCost().get());
    assertEquals("500 runs × 0.0572144 USD/run (chain premium-photo, 5 steps) = 28.6072 USD", line.derivation());
    assertTrue(line.offer().isEmpty(), "a chain line's offers are its steps'");
    assertEquals(2500, line.line().requests()); // 5 calls a run
    assertEquals(Task.UPSCALE, line.line().task()); // what the chain delivers

    List<StepCost> steps = line.steps();
    assertEquals(List.of("prompt", "base", "mask", "dressed", "final"),
        steps.stream().map(StepCost::step).collect(Collectors.toList()));
    assertEquals(List.of("xai/grok-w", "fal/z-image-turbo", "fal/sam-3", "fal/inpaint-f", "fal/seedvr-upscale"),
        steps.stream().map(s -> s.offer().key()).collect(Collectors.toList()));
    StepCost upscale = steps.get(4);
    assertEquals(Size.of(5120, 5120), upscale.outputSize().get());
    assertEquals(usd("13.1072"), upscale.cost().get()); // 500 x 0.0262144
    assertEquals(usd("0.0262144"), upscale.unitCost().get());
    assertEquals("500 × 26.2144 MP × 0.001 USD/MP = 13.1072 USD", upscale.derivation());
    assertEquals("500 × 1 MP of 2^20 px × 0.005 USD/MP = 2.5 USD", steps.get(1).derivation());
    assertEquals(usd("0.5"), steps.get(0).cost().get()); // 500 x $0.001
    assertTrue(steps.get(0).outputSize().isEmpty(), "text has no size");
    assertEquals(Size.of(1024, 1024), steps.get(3).outputSize().get());
    // Runware's inpaint is left out because the scenario allows only fal and xAI.
    assertTrue(steps.get(3).exclusions().stream().anyMatch(e -> e.offer().key().equals("runware/inpaint-r")));
  }

  @Test
  void eachScenarioChoosesItsOwnOfferForEveryStep() {
    // Cheapest: the inpaint moves to Runware, 1024x1024 = 1 MP of 2^20 x $0.01 = $0.01, so one run is
    // $0.0572144 - $0.02 + $0.01 = $0.0472144, and 500 are $23.6072. The plan saves $5.00 a month.
    CostPlan plan = planner(USD).plan(photos(500), SEED_STACK, Scenario.cheapest("Cheapest"));
    LineCost cheapest = plan.scenario("Cheapest").get().lines().get(0);
    assertEquals("runware/inpaint-r", cheapest.steps().get(3).offer().key());
    assertEquals(usd("23.6072"), cheapest.cost().get());
    assertEquals(usd("5.0000"), plan.savings("Seed stack", "Cheapest").amount());
  }

  @Test
  void inRupiahEveryStepIsConvertedExactly() {
    // $28.6072 x 16,000 = Rp 457,715.2; the upscale $13.1072 x 16,000 = Rp 209,715.2.
    CostPlan plan = planner(IDR).plan(photos(500), SEED_STACK);
    LineCost line = plan.scenarios().get(0).lines().get(0);
    assertEquals(idr("457715.2"), line.cost().get());
    assertEquals(usd("28.6072"), line.ruleCost().get());
    assertEquals(idr("209715.2"), line.steps().get(4).cost().get());
    assertEquals(usd("13.1072"), line.steps().get(4).ruleCost().get());
    assertEquals(new BigDecimal("16000"), plan.ratesUsed().get("USD/IDR"));
  }

  @Test
  void aChainLineSitsBesideSingleLinesAndInCreditPacks() {
    // The chain ($28.6072) and a plain line of 100 SAM-3 masks ($0.50): $29.1072. A photo sold for 2
    // credits of the $5-for-100 pack brings $0.10; it costs one run, $0.0572144: margin $0.0427856.
    Workload w = Workload.builder("shop").revenue(usd("40"))
        .line(WorkloadLine.builder(CHAIN).name("Premium photos").count(500).build())
        .line(WorkloadLine.builder(Task.SEGMENTATION).name("Masks").model("sam-3").count(100).build())
        .creditPacks(CreditPacks.builder().pack("Starter", 100, usd("5"))
            .output("Premium photo", BigDecimal.valueOf(2), List.of("Premium photos")).build())
        .build();
    ScenarioCost s = planner(USD).plan(w, SEED_STACK).scenarios().get(0);
    assertEquals(usd("29.1072"), s.total());
    assertEquals(usd("10.8928"), s.margin().get());
    CreditPacks.Row photo = s.creditPacks().get().rows().get(0);
    assertEquals(usd("0.0572144"), photo.cost());
    assertEquals(usd("0.0427856"), photo.cells().get(0).margin());
  }

  @Test
  void aSubscriptionsCreditPaysForTheStepsOnItsProvider() {
    // fal's share of a run: 0.005 + 0.005 + 0.02 + 0.0262144 = $0.0562144; x 500 = $28.1072, of which
    // the $5.00 credit pays $5.00. Total: $28.6072 - $5.00 + the $10.00 fee = $33.6072.
    Scenario held = Scenario.builder("fal plus").providers("fal", "xai").subscription("fal", "plus").build();
    ScenarioCost s = planner(USD).plan(photos(500), held).scenarios().get(0);
    assertEquals(usd("28.1072"), s.subscriptions().get(0).usage());
    assertEquals(usd("5.00"), s.lines().get(0).credited());
    assertEquals(usd("33.6072"), s.total());
  }

  @Test
  void anAssignedChainLineRunsEveryStepOnThatProviderOrSaysWhichStepItCannot() {
    Scenario allFal = Scenario.builder("All fal").assign("Premium photos", "fal").build();
    LineCost line = planner(USD).plan(photos(500), allFal).scenarios().get(0).lines().get(0);
    assertEquals(LineCost.Status.UNSERVABLE, line.status());
    assertEquals("step prompt: fal does not offer task text; offered by xai", line.reason().get());
    assertTrue(line.steps().isEmpty());
    assertFalse(planner(USD).plan(photos(500), allFal).scenarios().get(0).complete());
  }

  @Test
  void aStepOnAnUnpricedOfferLeavesTheLineUnpriced() {
    // An upscale of any model; provider order puts Together first, and Together's upscale has no known price.
    Chain anyUpscaler = Chain.fromJson(PREMIUM_PHOTO.replace("\"model\": \"seedvr-upscale\", ", ""), "any.json");
    Workload w = Workload.builder("w").line(WorkloadLine.builder(anyUpscaler).count(500).build()).build();
    Scenario order = Scenario.builder("Together first").strategy(Strategy.providerOrder("together", "fal", "xai")).build();
    LineCost line = planner(USD).plan(w, order).scenarios().get(0).lines().get(0);
    assertEquals(LineCost.Status.UNPRICED, line.status());
    assertEquals("step final: no known price for together/upscale-t", line.reason().get());
    assertTrue(line.steps().get(0).isPriced());
    assertFalse(line.steps().get(4).isPriced());
    assertTrue(line.cost().isEmpty());
  }

  @Test
  void aMisspelledModelInAStepIsRefusedWithTheNearestName() {
    Chain typo = Chain.fromJson(PREMIUM_PHOTO.replace("\"sam-3\"", "\"sam3\""), "typo.json");
    Workload w = Workload.builder("w").line(WorkloadLine.builder(typo).name("Photos").count(1).build()).build();
    PlanningException e = assertThrows(PlanningException.class, () -> planner(USD).plan(w, SEED_STACK));
    assertEquals("line 1 (Photos), chain premium-photo, step mask: model 'sam3' is in no catalog (did you mean 'sam-3'?)",
        e.getMessage());
  }

  @Test
  void aChainLineTakesANameAndACountOnly() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> WorkloadLine.builder(CHAIN).count(3).size(512, 512).model("x").build());
    assertEquals("a chain line takes a name and a count only; its chain's steps state the rest, not model, size", e.getMessage());
    WorkloadLine line = WorkloadLine.builder(CHAIN).count(3).build();
    assertEquals("chain premium-photo", line.label());
    assertEquals(CHAIN, line.chain().get());
    assertThrows(IllegalStateException.class, line::request);
    assertEquals(line.chain(), line.toBuilder().count(6).build().chain(), "toBuilder keeps the chain");
  }

  @Test
  void aWorkloadFileReadsChainFilesRelativeToItself(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("chains"));
    Files.writeString(dir.resolve("chains/premium-photo.json"), PREMIUM_PHOTO, StandardCharsets.UTF_8);
    Path file = Files.writeString(dir.resolve("shop.json"), """
        {"format": 1, "name": "shop", "lines": [
          {"name": "Premium photos", "chain": "chains/premium-photo.json", "count": 500},
          {"name": "More photos", "chain": "chains/premium-photo.json", "count": 20}
        ]}
        """, StandardCharsets.UTF_8);
    WorkloadFile f = WorkloadFile.load(file);
    WorkloadLine line = f.workload().lines().get(0);
    assertEquals("premium-photo", line.chain().get().name());
    assertEquals(500, line.count());
    assertTrue(line.chain().get() == f.workload().lines().get(1).chain().get(), "one file, read once");
    ScenarioCost s = planner(USD).plan(f.workload(), SEED_STACK).scenarios().get(0);
    // 520 runs x $0.0572144 = $29.7514880.
    assertEquals(usd("29.751488"), s.total());
  }

  @Test
  void chainLineErrorsNameTheFileTheLineAndTheField(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("bad.json"), PREMIUM_PHOTO.replace("{ \"from\": \"mask\" }", "{ \"from\": \"msk\" }"),
        StandardCharsets.UTF_8);
    Path missing = Files.writeString(dir.resolve("a.json"),
        "{\"format\": 1, \"name\": \"w\", \"lines\": [{\"name\": \"P\", \"chain\": \"nope.json\", \"count\": 1}]}");
    assertEquals("a.json: lines[0] (P): chain: no chain file nope.json (chain files are named relative to the workload file)",
        assertThrows(PlanningException.class, () -> WorkloadFile.load(missing)).getMessage());

    Path wired = Files.writeString(dir.resolve("b.json"),
        "{\"format\": 1, \"name\": \"w\", \"lines\": [{\"name\": \"P\", \"chain\": \"bad.json\", \"count\": 1}]}");
    String badRef = assertThrows(PlanningException.class, () -> WorkloadFile.load(wired)).getMessage();
    assertTrue(badRef.startsWith("b.json: lines[0] (P): chain: bad.json: step dressed: from(msk) names no step"), badRef);

    String withTask = "{\"format\": 1, \"name\": \"w\", \"lines\": [{\"chain\": \"bad.json\", \"task\": \"upscale\", \"count\": 1}]}";
    assertEquals("w.json: lines[0] (chain bad.json): task: a chain line takes name, chain and count only;"
        + " the chain's steps state the rest",
        assertThrows(PlanningException.class, () -> WorkloadFile.parse(withTask, "w.json", n -> PREMIUM_PHOTO)).getMessage());

    String noReader = "{\"format\": 1, \"name\": \"w\", \"lines\": [{\"chain\": \"c.json\", \"count\": 1}]}";
    String e = assertThrows(PlanningException.class, () -> WorkloadFile.parse(noReader, "w.json")).getMessage();
    assertTrue(e.startsWith("w.json: lines[0] (chain c.json): chain: chain files are read relative to the workload file"), e);

    String noCount = "{\"format\": 1, \"name\": \"w\", \"lines\": [{\"chain\": \"c.json\"}]}";
    assertEquals("w.json: lines[0] (chain c.json): count: is required",
        assertThrows(PlanningException.class, () -> WorkloadFile.parse(noCount, "w.json", n -> PREMIUM_PHOTO)).getMessage());
  }

  @Test
  void aChainLinesCostIsTheExactSumOfItsSteps() {
    LineCost line = planner(USD).plan(photos(7), SEED_STACK).scenarios().get(0).lines().get(0);
    Money sum = Money.zero(USD);
    for (StepCost s : line.steps()) sum = sum.plus(s.cost().get());
    assertEquals(line.cost().get(), sum);
    assertEquals(usd("0.4005008"), sum); // 7 x 0.0572144
  }
}
