package dev.unigen.cli;

import dev.unigen.catalog.Catalog;
import dev.unigen.money.CurrencyMismatchException;
import dev.unigen.money.FxRates;
import dev.unigen.planning.CostPlan;
import dev.unigen.planning.CostPlanner;
import dev.unigen.planning.ScenarioCost;
import dev.unigen.planning.WorkloadFile;
import dev.unigen.reports.PlanReport;
import dev.unigen.reports.ReportFormat;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Currency;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code unigen plan}: what a workload file costs on each of its scenarios. */
@Command(
    name = "plan",
    header = "Prices a workload file on each of its scenarios.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Prices a workload file (docs/planning.md) on each of its scenarios: every line on the offer its scenario"
            + " chooses, subscriptions and their included credit, totals per user and for all users, margins against"
            + " revenue, savings against the first scenario, credit-pack margins, and lines no offer can serve, with"
            + " the reason.",
        "The text report goes to standard output; --html, --json and --csv write the other formats too."})
final class PlanCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<workload.json>", description = "The workload file.")
  private Path workload;

  @Mixin
  private MoneyOptions money;

  @Mixin
  private CatalogOptions catalogs;

  @Mixin
  private ReportFiles files;

  @Option(names = "--title", paramLabel = "TEXT", description = "The report's title. Default: \"Cost plan: \" and the workload's name.")
  private String title;

  @Option(names = "--scale", paramLabel = "N",
      description = "Decimal places of amounts in text and HTML. Default: the currency's usual places.")
  private Integer scale;

  @Override
  public Integer call() {
    Io io = Cli.io(spec);
    if (scale != null && scale < 0) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--scale must not be negative: " + scale);
    }
    WorkloadFile file = load(workload);
    Catalog catalog = catalogs.load();
    Currency currency = money.currency(file.currency());
    FxRates fx = money.fxRates(file.fxRates());
    CostPlan plan;
    try {
      plan = CostPlanner.builder().catalog(catalog).currency(currency).fxRates(fx).build()
          .plan(file.workload(), file.scenarios());
    } catch (CurrencyMismatchException e) {
      throw new CliException(workload.getFileName() + ": " + e.getMessage() + "; state one in the file's fxRates or with"
          + " --fx " + e.pair() + "=RATE (units of " + e.to().getCurrencyCode() + " per " + e.from().getCurrencyCode()
          + ")", e);
    } catch (IllegalArgumentException e) {
      throw new CliException(workload.getFileName() + ": " + e.getMessage(), e);
    }
    PlanReport.Builder rb = PlanReport.builder(plan);
    if (title != null) rb.title(title);
    if (scale != null) rb.scale(scale);
    PlanReport report = rb.build();
    io.err().println("catalog: " + catalogs.describe());
    Cli.printText(io, report.render(ReportFormat.TEXT));
    for (ScenarioCost s : plan.scenarios()) {
      long missing = s.lines().stream().filter(l -> !l.isPriced()).count();
      if (missing > 0) {
        io.err().println("note: scenario '" + s.name() + "' has " + missing + (missing == 1 ? " line" : " lines")
            + " without a price; its total is a lower bound (see \"Not served\" above)");
      }
    }
    files.write(report::render, io);
    return Cli.OK;
  }

  /** Reads a workload file; a missing or malformed one is a failure naming the file, line and field. */
  static WorkloadFile load(Path path) {
    if (!Files.isRegularFile(path)) throw new CliException("no such workload file: " + path);
    try {
      return WorkloadFile.load(path);
    } catch (UncheckedIOException e) {
      throw new CliException("cannot read workload file " + path + ": " + e.getCause().getMessage(), e);
    }
  }
}
