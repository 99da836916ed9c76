package dev.unigen.planning;

import static dev.unigen.planning.PlanningFixtures.CATALOG;
import static dev.unigen.planning.PlanningFixtures.IDR;
import static dev.unigen.planning.PlanningFixtures.RUPIAH;
import static dev.unigen.planning.PlanningFixtures.USD;
import static dev.unigen.planning.PlanningFixtures.dev;
import static dev.unigen.planning.PlanningFixtures.idr;
import static dev.unigen.planning.PlanningFixtures.planner;
import static dev.unigen.planning.PlanningFixtures.poses;
import static dev.unigen.planning.PlanningFixtures.schnell;
import static dev.unigen.planning.PlanningFixtures.usd;
import static dev.unigen.planning.PlanningFixtures.veo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.catalog.Catalog;
import dev.unigen.money.CurrencyMismatchException;
import dev.unigen.money.FxRates;
import dev.unigen.money.Money;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import dev.unigen.routing.Exclusion;
import dev.unigen.routing.Strategy;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The planner's figures, each worked out by hand in the comments from the prices in
 * {@link PlanningFixtures#CATALOG_JSON}, never by the code under test.
 */
class CostPlannerTest {

  private static Workload workload(WorkloadLine... lines) {
    Workload.Builder b = Workload.builder("test");
    for (WorkloadLine l : lines) b.line(l);
    return b.build();
  }

  @Nested
  class PhotoTier {
    // 1,000 FLUX schnell images at 1024x1024 on fal: 1,048,576 px = 1.048576 MP, rounded up to
    // 2 MP, x $0.003 = $0.006 each; x 1,000 = $6.00. At 16,000 IDR per USD: Rp 96,000.
    private final Workload tier = workload(schnell("FLUX schnell images", 1000));

    @Test
    void thousandImagesOnFalInRupiah() {
      CostPlan plan = planner(IDR).plan(tier, Scenario.allOn("All fal", "fal"));
      LineCost line = plan.scenarios().get(0).lines().get(0);
      assertEquals(usd("6.00"), line.ruleCost().get());
      assertEquals(idr("96000"), line.cost().get());
      assertEquals(idr("96"), line.unitCost().get()); // 96,000 / 1,000
      assertEquals(idr("96000"), plan.scenarios().get(0).total());
      // The derivation states the units: 1,000 × (1.048576 MP rounded up to 2) × 0.003 USD a megapixel.
      assertEquals("1,000 × 2 MP (1.048576 rounded up) × 0.003 USD/MP = 6 USD", line.derivation());
      assertEquals(1000, line.line().requests());
      assertEquals(new BigDecimal("16000"), plan.ratesUsed().get("USD/IDR"));
    }

    @Test
    void theLineKnowsTheCatalogEntryItsPriceCameFrom() {
      LineCost line = planner(USD).plan(tier, Scenario.allOn("All fal", "fal")).scenarios().get(0).lines().get(0);
      assertEquals("fal/flux-schnell", line.offer().get().key());
      assertEquals(LocalDate.of(2026, 11, 23), line.offer().get().asOf());
      assertEquals("https://fal.ai/models/fal-ai/flux/schnell", line.offer().get().source());
    }

    @Test
    void theCheapestScenarioPicksHuggingFaceAndSavesNinetyPercent() {
      // Hugging Face: 5 s x $0.00012 = $0.0006 an image; x 1,000 = $0.60. Runware $1.30, fal $6.00,
      // Together has no price.
      CostPlan plan = planner(USD).plan(tier, Scenario.allOn("All fal", "fal"), Scenario.cheapest("Cheapest"));
      ScenarioCost cheapest = plan.scenario("Cheapest").get();
      assertEquals("huggingface/flux-schnell", cheapest.lines().get(0).offer().get().key());
      assertEquals(usd("0.60"), cheapest.total());
      assertTrue(cheapest.lines().get(0).exclusions().stream()
          .anyMatch(e -> e.offer().provider().equals("together") && e.reason() == Exclusion.Reason.UNPRICED));
      // Savings: $6.00 - $0.60 = $5.40, which is 5.40 / 6.00 = 0.9 of the all-fal cost.
      CostPlan.Savings s = plan.savings("All fal", "Cheapest");
      assertEquals(usd("5.40"), s.amount());
      assertEquals(0, new BigDecimal("0.9").compareTo(s.ratio().get()));
      assertTrue(s.comparable());
      assertEquals(usd("-5.40"), plan.savings("Cheapest", "All fal").amount());
      assertEquals("Cheapest", plan.cheapest().get().name());
    }

    @Test
    void batchesOfFourCostTheSameOnAPerOutputRule() {
      // 10 images, 4 per call: 2 calls of 4 x $0.006 = $0.024, then a last call of 2 = $0.012;
      // 2 x 0.024 + 0.012 = $0.060 = 10 x $0.006.
      WorkloadLine batched = schnell("batched", 10).toBuilder().perRequest(4).build();
      LineCost line = planner(USD).plan(workload(batched), Scenario.allOn("fal", "fal")).scenarios().get(0).lines().get(0);
      assertEquals(usd("0.060"), line.cost().get());
      assertEquals(3, batched.requests());
      assertEquals("2 calls × 4 × 2 MP (1.048576 rounded up) × 0.003 USD/MP"
          + " + 1 call × 2 × 2 MP (1.048576 rounded up) × 0.003 USD/MP = 0.06 USD", line.derivation());
    }

    @Test
    void aPerRequestRuleIsPaidOnceForEveryCall() {
      // SAM-3 at $0.005 a request; 1,000 segmentations a month are 1,000 calls: $5.00, not $0.005.
      WorkloadLine masks = WorkloadLine.builder(Task.SEGMENTATION).name("masks").model("sam-3").count(1000).build();
      LineCost line = planner(USD).plan(workload(masks), Scenario.cheapest("c")).scenarios().get(0).lines().get(0);
      assertEquals(usd("5.000"), line.cost().get());
      assertEquals(usd("0.005"), line.unitCost().get());
      assertEquals("1,000 × 0.005 USD/request = 5 USD", line.derivation());
    }
  }

  @Nested
  class Subscriptions {
    // Per user: 100 FLUX schnell on Hugging Face at $0.0006 = $0.06, and 50 FLUX dev at
    // 10 s x $0.00012 = $0.0012 = $0.06; $0.12 a user on Hugging Face.
    private Workload tier(int users) {
      return Workload.builder("STARTER").users(users).revenue(usd("29")).line(schnell("schnell", 100))
          .line(dev("dev", 50)).build();
    }

    private Scenario proSharedBy(int n) {
      return Scenario.builder("HF PRO").providers("huggingface").subscription("huggingface", "pro", n).build();
    }

    @Test
    void tenUsersShareTheFeeAndTheIncludedCreditCoversTheirUsage() {
      // Ten users use 10 x $0.12 = $1.20 of the $2.00 credit: all of it is covered. Each user pays
      // nothing for usage and $9.00 / 10 = $0.90 of the fee; in rupiah 0.90 x 16,000 = Rp 14,400.
      ScenarioCost s = planner(USD).plan(tier(10), proSharedBy(10)).scenarios().get(0);
      SubscriptionCost pro = s.subscriptions().get(0);
      assertEquals(usd("9.00"), pro.fee());
      assertEquals(usd("0.90"), pro.feePerUser());
      assertEquals(usd("1.20"), pro.usage());
      assertEquals(usd("1.20"), pro.creditUsed());
      assertEquals(usd("0.12"), pro.creditPerUser());
      assertEquals(usd("0.06"), s.lines().get(0).credited());
      assertEquals(usd("0"), s.lines().get(0).charged().get());
      assertEquals(usd("0.06"), s.lines().get(1).credited());
      assertEquals(usd("0.12"), s.payAsYouGo());
      assertEquals(usd("0.90"), s.total());
      assertEquals(usd("9.00"), s.totalForAllUsers());
      // Margin against the $29 tier: 29 - 0.90 = $28.10; 28.10 / 29 = 0.968965517241379310344...,
      // kept to 20 places half-even.
      assertEquals(usd("28.10"), s.margin().get());
      assertEquals(new BigDecimal("0.96896551724137931034"), s.marginRatio().get());

      ScenarioCost rupiah = planner(IDR).plan(tier(10), proSharedBy(10)).scenarios().get(0);
      assertEquals(idr("14400"), rupiah.subscriptions().get(0).feePerUser());
      assertEquals(idr("14400"), rupiah.total());
    }

    @Test
    void thirtyUsersExhaustTheCreditAndPayTheRestAsTheyGo() {
      // Thirty users use 30 x $0.12 = $3.60; the credit pays $2.00 of it, $2.00 / 30 =
      // 0.0666... = $0.06666666666666666667 a user (20 places), taken off the first line first:
      // schnell ($0.06) is covered, dev gets the remaining 0.00666666666666666667.
      // Fee: $9.00 / 30 = $0.30. Total a user: 0.12 - 0.06666666666666666667 + 0.30
      // = $0.35333333333333333333.
      ScenarioCost s = planner(USD).plan(tier(30), proSharedBy(30)).scenarios().get(0);
      SubscriptionCost pro = s.subscriptions().get(0);
      assertEquals(usd("3.60"), pro.usage());
      assertEquals(usd("2.00"), pro.creditUsed());
      assertEquals(usd("0.06666666666666666667"), pro.creditPerUser());
      assertEquals(usd("0.06"), s.lines().get(0).credited());
      assertEquals(usd("0.00666666666666666667"), s.lines().get(1).credited());
      assertEquals(usd("0.05333333333333333333"), s.lines().get(1).charged().get());
      assertEquals(usd("0.30"), pro.feePerUser());
      assertEquals(usd("0.35333333333333333333"), s.total());
    }

    @Test
    void sharedByDefaultsToTheWorkloadsUsers() {
      Scenario pro = Scenario.builder("HF PRO").providers("huggingface").subscription("huggingface", "pro").build();
      assertEquals(10, planner(USD).plan(tier(10), pro).scenarios().get(0).subscriptions().get(0).sharedBy());
    }

    @Test
    void theCreditOnlyPaysForTheSubscribedProvidersLines() {
      // Cheapest puts both lines on Hugging Face; assigning dev to fal moves it off the plan:
      // fal dev is 2 MP x $0.025 = $0.05 an image, 50 x 0.05 = $2.50, uncredited.
      Scenario s = Scenario.builder("mixed").assign("dev", "fal").subscription("huggingface", "pro", 10).build();
      ScenarioCost c = planner(USD).plan(tier(10), s).scenarios().get(0);
      assertEquals(usd("0.06"), c.lines().get(0).credited());
      assertEquals(usd("2.50"), c.lines().get(1).cost().get());
      assertEquals(usd("0"), c.lines().get(1).credited());
      // 0.06 + 2.50 - 0.06 + 0.90 = $3.40
      assertEquals(usd("3.40"), c.total());
    }

    @Test
    void anAssignmentWinsOverTheScenariosProviders() {
      // Everything on Hugging Face except dev, which is put on fal: 50 x 2 MP x $0.025 = $2.50.
      Scenario s = Scenario.builder("HF, dev on fal").providers("huggingface").assign("dev", "fal").build();
      ScenarioCost c = planner(USD).plan(tier(1), s).scenarios().get(0);
      assertEquals("huggingface/flux-schnell", c.lines().get(0).offer().get().key());
      assertEquals("fal/flux-dev", c.lines().get(1).offer().get().key());
      assertEquals(usd("2.50"), c.lines().get(1).cost().get());
    }

    @Test
    void aSubscriptionMissingFromTheCatalogIsAnError() {
      Scenario s = Scenario.builder("x").subscription("fal", "pro", 2).build();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> planner(USD).plan(tier(1), s));
      assertEquals("scenario x holds subscription fal/pro, which is not in its catalog", e.getMessage());
    }
  }

  @Nested
  class Unservable {
    @Test
    void aLineTheProviderDoesNotOfferSaysWhoDoes() {
      // Poses need an OpenPose ControlNet: fal's SDXL has none; Runware's does, at $0.00125
      // (Rp 20 at 16,000: the published figure), 300 x 20 = Rp 6,000.
      Workload w = workload(poses("poses", 300), veo("clips", 3, 8));
      CostPlan plan = planner(IDR).plan(w, Scenario.allOn("All fal", "fal"), Scenario.allOn("All Runware", "runware"));
      LineCost falPoses = plan.scenario("All fal").get().lines().get(0);
      assertEquals(LineCost.Status.UNSERVABLE, falPoses.status());
      assertEquals("fal/sdxl: ControlNet openpose not offered", falPoses.reason().get());
      LineCost runwareClips = plan.scenario("All Runware").get().lines().get(1);
      assertEquals("runware does not offer model veo-3.1; offered by fal", runwareClips.reason().get());
      assertEquals(idr("6000"), plan.scenario("All Runware").get().lines().get(0).cost().get());
      assertFalse(plan.scenario("All Runware").get().complete());
      assertFalse(plan.savings("All fal", "All Runware").comparable());
      // Veo 3 with audio: 8 s x $0.40 = $3.20 a clip, x 3 = $9.60 = Rp 153,600.
      assertEquals(idr("153600"), plan.scenario("All fal").get().total());
    }

    @Test
    void aDurationTheModelDoesNotMakeIsAReasonToo() {
      LineCost line = planner(USD).plan(workload(veo("clips", 1, 7)), Scenario.cheapest("c")).scenarios().get(0).lines().get(0);
      assertEquals("fal/veo-3.1: duration 7 s not offered", line.reason().get());
      assertEquals(Exclusion.Reason.CAPABILITY_MISSING, line.exclusions().get(0).reason());
    }

    @Test
    void aModelNoCatalogHasIsAnErrorWithTheNearestName() {
      WorkloadLine typo = WorkloadLine.builder(Task.TEXT_TO_IMAGE).name("fast").model("flux-schnel").count(10).build();
      PlanningException e = assertThrows(PlanningException.class,
          () -> planner(USD).plan(workload(schnell("s", 1), typo), Scenario.cheapest("c")));
      assertEquals("line 2 (fast): model 'flux-schnel' is in no catalog (did you mean 'flux-schnell'?)", e.getMessage());
      WorkloadLine dalle = WorkloadLine.builder(Task.TEXT_TO_IMAGE).model("dall-e-3").count(10).build();
      e = assertThrows(PlanningException.class, () -> planner(USD).plan(workload(dalle), Scenario.cheapest("c")));
      assertEquals("line 1: model 'dall-e-3' is in no catalog", e.getMessage());
    }

    @Test
    void aProviderNoCatalogHasIsAnError() {
      PlanningException e = assertThrows(PlanningException.class,
          () -> planner(USD).plan(workload(schnell("s", 1)), Scenario.allOn("x", "replicat")));
      assertEquals("scenario x: provider 'replicat' is in no catalog (did you mean 'replicate'?)", e.getMessage());
      Scenario assigned = Scenario.builder("y").assign("s", "runwar").build();
      e = assertThrows(PlanningException.class, () -> planner(USD).plan(workload(schnell("s", 1)), assigned));
      assertEquals("scenario y: provider 'runwar' is in no catalog (did you mean 'runware'?)", e.getMessage());
    }

    @Test
    void anOfferWithoutAPriceChosenByProviderOrderIsUnpriced() {
      Scenario together = Scenario.builder("Together").strategy(Strategy.providerOrder("together")).build();
      LineCost line = planner(USD).plan(workload(schnell("s", 5)), together).scenarios().get(0).lines().get(0);
      assertEquals(LineCost.Status.UNPRICED, line.status());
      assertEquals("no known price for together/flux-schnell", line.reason().get());
      assertEquals("together/flux-schnell", line.offer().get().key());
    }
  }

  @Nested
  class Overrides {
    // DALL-E 3 is gone from OpenAI's API; a published plan priced it at $0.040 a 1024x1024 standard image.
    private final Catalog dalle = Catalog.parse("""
        {"format": 1, "offers": [
          {"provider": "openai", "model": "dall-e-3", "endpoint": "dall-e-3", "tasks": ["text-to-image"],
           "price": {"kind": "per-image", "prices": [
             {"size": "1024x1024", "quality": "standard", "price": "0.040"},
             {"size": "1024x1024", "quality": "hd", "price": "0.080"}]},
           "asOf": "2025-10-10", "source": "seed document 000"}]}
        """, "seed-prices.json");

    @Test
    void aScenarioCanPriceAModelFromItsOwnCatalogOverride() {
      // 100 standard images x $0.040 = $4.00; hd would be x $0.080 = $8.00.
      WorkloadLine line = WorkloadLine.builder(Task.TEXT_TO_IMAGE).name("dall-e").model("dall-e-3")
          .size(1024, 1024).quality("standard").count(100).build();
      CostPlan plan = planner(USD).plan(workload(line), Scenario.builder("Seed prices").catalog(dalle).build(),
          Scenario.cheapest("Catalog"));
      LineCost seeded = plan.scenario("Seed prices").get().lines().get(0);
      assertEquals(usd("4.000"), seeded.cost().get());
      assertEquals("seed document 000", seeded.offer().get().source());
      assertEquals(LocalDate.of(2025, 10, 10), seeded.offer().get().asOf());
      assertEquals(LineCost.Status.UNSERVABLE, plan.scenario("Catalog").get().lines().get(0).status());
    }
  }

  @Nested
  class Currencies {
    @Test
    void anInverseRateDividesToTwentyPlaces() {
      // A rate stated only the other way, 1 IDR = 0.00006 USD, is divided by: $6.00 / 0.00006 =
      // Rp 100,000 exactly, while $0.007 / 0.00006 = 116.666... is kept to 20 places, half-even.
      FxRates inverse = FxRates.builder().rate("IDR", "USD", "0.00006").build();
      CostPlanner p = CostPlanner.builder().catalog(CATALOG).currency(IDR).fxRates(inverse).build();
      CostPlan plan = p.plan(workload(schnell("s", 1000)), Scenario.allOn("fal", "fal"));
      assertEquals(idr("100000"), plan.scenarios().get(0).total());
      assertEquals(new BigDecimal("0.00006"), plan.ratesUsed().get("IDR/USD"));
      Money odd = new Amounts(inverse, IDR).convert(usd("0.007"));
      assertEquals(idr("116.66666666666666666667"), odd);
    }

    @Test
    void revenueInAnotherCurrencyIsConverted() {
      // Rp 199,000 at 16,000 per dollar is exactly $12.4375, held in the plan's dollars.
      Workload w = Workload.builder("t").revenue(idr("199000")).line(schnell("s", 1000)).build();
      CostPlanner p = CostPlanner.builder().catalog(CATALOG).currency(USD).fxRates(RUPIAH).build();
      ScenarioCost s = p.plan(w, Scenario.allOn("fal", "fal")).scenarios().get(0);
      assertEquals(usd("12.4375"), s.revenue().get());
      assertEquals(usd("6.4375"), s.margin().get()); // 12.4375 - 6.00
    }

    @Test
    void revenueWithNoRateIsAnError() {
      Workload w = Workload.builder("t").revenue(Money.of("10", "EUR")).line(schnell("s", 1)).build();
      assertThrows(CurrencyMismatchException.class, () -> planner(USD).plan(w, Scenario.cheapest("c")));
    }
  }

  @Nested
  class Validation {
    @Test
    void aScenarioMustNotAssignALineTheWorkloadLacks() {
      Scenario s = Scenario.builder("x").assign("nope", "fal").build();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> planner(USD).plan(workload(schnell("s", 1)), s));
      assertEquals("scenario x assigns line 'nope', which workload test does not have", e.getMessage());
    }

    @Test
    void scenarioNamesAreUnique() {
      assertThrows(IllegalArgumentException.class,
          () -> planner(USD).plan(workload(schnell("s", 1)), Scenario.cheapest("a"), Scenario.cheapest("a")));
      assertThrows(IllegalArgumentException.class, () -> planner(USD).plan(workload(schnell("s", 1)), List.of()));
    }

    @Test
    void megapixelsBecomeTheSquarestSizeWithExactlyThatManyPixels() {
      assertEquals(Size.of(1000, 1000), WorkloadLine.Builder.squarest(new BigDecimal("1")));
      assertEquals(Size.of(1250, 1600), WorkloadLine.Builder.squarest(new BigDecimal("2")));
      assertEquals(Size.of(1000, 1050), WorkloadLine.Builder.squarest(new BigDecimal("1.05")));
      assertThrows(IllegalArgumentException.class, () -> WorkloadLine.Builder.squarest(new BigDecimal("1.0000001")));
      // fal bills 1,250 x 1,600 = 2,000,000 px as exactly 2 MP: $0.006 an image.
      WorkloadLine two = WorkloadLine.builder(Task.TEXT_TO_IMAGE).model("flux-schnell").megapixels(new BigDecimal("2"))
          .count(1).build();
      assertEquals(usd("0.006"), planner(USD).plan(workload(two), Scenario.allOn("fal", "fal")).scenarios().get(0).total());
    }

    @Test
    void lineNamesAreUniqueAndCountsPositive() {
      assertThrows(IllegalArgumentException.class, () -> workload(schnell("a", 1), schnell("a", 2)));
      assertThrows(IllegalArgumentException.class, () -> schnell("a", 0));
      assertThrows(IllegalArgumentException.class, () -> Workload.builder("empty").build());
    }
  }
}
