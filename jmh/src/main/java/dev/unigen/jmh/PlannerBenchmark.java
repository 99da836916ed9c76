package dev.unigen.jmh;

import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.money.FxRates;
import dev.unigen.money.Money;
import dev.unigen.planning.CostPlan;
import dev.unigen.planning.CostPlanner;
import dev.unigen.planning.LineCost;
import dev.unigen.planning.Scenario;
import dev.unigen.planning.ScenarioCost;
import dev.unigen.planning.Workload;
import dev.unigen.planning.WorkloadLine;
import dev.unigen.pricing.Subscription;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import java.time.Duration;
import java.util.Currency;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long the cost planner takes to price a workload of 100 lines on 3 scenarios against the
 * 1,000-offer catalog of {@link QuoteBenchmark}, in rupiah at a stated rate. The target is under
 * 5 ms a plan.
 *
 * <p>The workload mixes 68 image lines (sizes, batches, LoRAs, reference images), 27 video lines
 * (durations, resolutions, audio) and 5 lines with no model, whose calls weigh every offer of
 * their task. The scenarios are the three kinds a team compares: the cheapest offer for each
 * line; everything on one provider (fal), which leaves some lines unservable with a reason; and
 * an explicit provider for every named line, holding a subscription whose included credit is
 * shared by 25 users (a scenario-level catalog override, so that scenario's catalog is rebuilt
 * on every plan).
 *
 * <pre>{@code java -jar jmh/target/benchmarks.jar Planner -f 1 -wi 3 -i 5 -w 1s -r 1s}</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PlannerBenchmark {
  static final int LINES = 100;
  private static final Size[] SIZES = {Size.of(1024, 1024), Size.of(1024, 768), Size.of(512, 512), Size.of(1536, 1024)};
  private static final String[] RESOLUTIONS = {"720p", "1080p"};
  private static final long[] SECONDS = {5, 6, 10};

  private CostPlanner planner;
  private Workload workload;
  private List<Scenario> scenarios;

  /** Builds the catalog, the workload and the scenarios, and checks the plan is a realistic mix. */
  @Setup
  public void setUp() {
    Catalog catalog = QuoteBenchmark.catalog();
    planner = CostPlanner.builder().catalog(catalog).currency(Currency.getInstance("IDR"))
        .fxRates(FxRates.builder().rate("USD", "IDR", "16000").build()).build();
    Random r = new Random(20261124L);
    Workload.Builder w = Workload.builder("benchmark").users(25).revenue(Money.of("199000", "IDR"));
    Scenario.Builder assigned = Scenario.builder("Assigned");
    for (int i = 0; i < LINES; i++) {
      WorkloadLine line = i % 20 == 19 ? anyModel(i, r) : i % 4 == 3 ? video(i, r) : image(i, r);
      w.line(line);
      List<Offer> offers = line.model().map(catalog::offers).orElse(List.of());
      if (!offers.isEmpty()) {
        // The provider of some offer of the model, so the assignment can usually be served.
        assigned.assign(line.name().get(), offers.get(r.nextInt(offers.size())).provider());
      }
    }
    workload = w.build();
    Subscription pro = Subscription.builder("huggingface", "pro").monthlyFee(Money.usd("9.00"))
        .includedCredit(Money.usd("2.00")).provenance("2026-11-23", "benchmark").build();
    scenarios = List.of(Scenario.cheapest("Cheapest"), Scenario.allOn("All fal", "fal"),
        assigned.subscription(pro, 25).build());

    CostPlan plan = plan();
    for (ScenarioCost s : plan.scenarios()) {
      long priced = s.lines().stream().filter(LineCost::isPriced).count();
      if (priced < 10 || (s.name().equals("All fal") && priced == LINES)) {
        throw new IllegalStateException("an unrealistic plan: " + s + " prices " + priced + " of " + LINES + " lines");
      }
    }
  }

  /** Plans 100 lines on 3 scenarios. */
  @Benchmark
  public CostPlan plan() {
    return planner.plan(workload, scenarios);
  }

  private static WorkloadLine image(int i, Random r) {
    String model = QuoteBenchmark.IMAGE_MODELS[r.nextInt(QuoteBenchmark.IMAGE_MODELS.length)];
    WorkloadLine.Builder b = WorkloadLine.builder(Task.TEXT_TO_IMAGE).name("line " + i + ": " + model).model(model)
        .size(SIZES[r.nextInt(SIZES.length)]).count(10 + r.nextInt(5000));
    if (r.nextInt(4) == 0) b.perRequest(2 + r.nextInt(3));
    if (r.nextInt(5) == 0) b.loras(1);
    if (r.nextInt(5) == 0) b.references(1 + r.nextInt(2));
    return b.build();
  }

  private static WorkloadLine video(int i, Random r) {
    String model = QuoteBenchmark.VIDEO_MODELS[r.nextInt(QuoteBenchmark.VIDEO_MODELS.length)];
    return WorkloadLine.builder(Task.TEXT_TO_VIDEO).name("line " + i + ": " + model).model(model)
        .duration(Duration.ofSeconds(SECONDS[r.nextInt(SECONDS.length)]))
        .resolution(RESOLUTIONS[r.nextInt(RESOLUTIONS.length)]).audio(r.nextBoolean()).count(1 + r.nextInt(200)).build();
  }

  private static WorkloadLine anyModel(int i, Random r) {
    WorkloadLine.Builder b = r.nextBoolean()
        ? WorkloadLine.builder(Task.TEXT_TO_IMAGE).size(1024, 1024).count(500)
        : WorkloadLine.builder(Task.TEXT_TO_VIDEO).duration(Duration.ofSeconds(5)).resolution("1080p").count(20);
    return b.name("line " + i + ": any model").build();
  }
}
