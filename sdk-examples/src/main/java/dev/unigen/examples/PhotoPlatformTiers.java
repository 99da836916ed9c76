package dev.unigen.examples;

import dev.unigen.planning.BreakEven;
import dev.unigen.planning.CostPlan;
import dev.unigen.planning.CostPlanner;
import dev.unigen.planning.ScenarioCost;
import dev.unigen.planning.WorkloadFile;
import dev.unigen.reports.PlanReport;
import dev.unigen.reports.ReportFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A photo platform's three price tiers (STARTER, PRO, BUSINESS), each a workload file in
 * {@code workloads/}: what a user of each tier costs a month on each way of serving it (everything
 * on fal; poses on Runware, FLUX on Hugging Face with its PRO plan, videos on Replicate; Unigen's
 * cheapest choice), the margin left on the tier's price, and when the Hugging Face plan pays off.
 * Each tier's full report is written as HTML. Prices come from the shipped price tables; nothing is
 * sent anywhere and no key is needed.
 *
 * <pre>
 * mvn -q install -DskipTests
 * mvn -q -f sdk-examples exec:java -Dexec.mainClass=dev.unigen.examples.PhotoPlatformTiers
 * </pre>
 */
public final class PhotoPlatformTiers {
  /** The tiers' workload files, cheapest tier first. */
  static final List<String> TIERS = List.of("photo-platform-starter.json", "photo-platform-pro.json",
      "photo-platform-business.json");

  private PhotoPlatformTiers() {}

  /** Plans every tier, prints the summary and writes the reports under {@code unigen-output}. */
  public static void main(String[] args) {
    plan(Path.of("unigen-output"), System.out);
  }

  /**
   * Plans each tier on the shipped price tables (the sandbox left out), prints each scenario's
   * total and margin per user and the break-even of each subscription to {@code out}, writes
   * {@code <tier>.html} under {@code outputDir}, and returns the plans by file name.
   *
   * @throws UncheckedIOException if a report cannot be written
   */
  public static Map<String, CostPlan> plan(Path outputDir, PrintStream out) {
    Map<String, CostPlan> plans = new LinkedHashMap<>();
    for (String name : TIERS) {
      WorkloadFile file = PublishedCostPlans.load(name);
      CostPlan plan = CostPlanner.builder()
          .catalog(PublishedCostPlans.shippedCatalog())
          .currency(file.currency().orElse(Currency.getInstance("USD")))
          .fxRates(file.fxRates())
          .build()
          .plan(file.workload(), file.scenarios());
      plans.put(name, plan);

      String code = plan.currency().getCurrencyCode();
      out.println(file.workload().name() + " (" + file.workload().users() + " users, "
          + file.workload().revenue().map(r -> PublishedCostPlans.amount(r.amount()) + " " + r.currency().getCurrencyCode())
              .orElse("no price") + " a user a month)");
      for (ScenarioCost s : plan.scenarios()) {
        out.println(String.format("  %-40s %14s %s  margin %s%s", s.name(), PublishedCostPlans.amount(s.total().amount()),
            code, s.marginRatio().map(PublishedCostPlans::percent).orElse("-"), s.complete() ? "" : "  (lower bound)"));
      }
      // One line per plan: the scenarios weigh the same subscription on different lines.
      Map<String, BreakEven> shown = new LinkedHashMap<>();
      for (ScenarioCost s : plan.scenarios()) {
        for (BreakEven b : s.breakEvens()) shown.putIfAbsent(b.subscription().provider() + "/" + b.subscription().name(), b);
      }
      shown.values().forEach(b -> out.println("  " + b));

      Path html = outputDir.resolve(name.replace(".json", ".html"));
      try {
        Files.createDirectories(outputDir);
        Files.writeString(html, PlanReport.of(plan).render(ReportFormat.HTML), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + html, e);
      }
      out.println("  report: " + html);
      out.println();
    }
    return plans;
  }
}
