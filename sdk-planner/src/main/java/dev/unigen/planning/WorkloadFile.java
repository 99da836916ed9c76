package dev.unigen.planning;

import dev.unigen.money.FxRates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A workload file (format 1 of {@code docs/planning.md}): a {@link Workload}, the
 * {@link Scenario}s to compare it on, and the currency and exchange rates to report in. A
 * command line or a program reads it, then plans:
 *
 * <pre>{@code
 * WorkloadFile file = WorkloadFile.load(Path.of("tiers.json"));
 * CostPlanner planner = CostPlanner.builder()
 *     .catalog(Catalog.fromClasspath())
 *     .currency(file.currency().orElse(Currency.getInstance("USD")))
 *     .fxRates(file.fxRates())
 *     .build();
 * CostPlan plan = planner.plan(file.workload(), file.scenarios());
 * }</pre>
 *
 * <p>The file's own catalog overrides, if any, are already laid into every scenario. Immutable.
 */
public final class WorkloadFile {
  private final Workload workload;
  private final List<Scenario> scenarios;
  private final Currency currency;
  private final FxRates fxRates;

  WorkloadFile(Workload workload, List<Scenario> scenarios, Currency currency, FxRates fxRates) {
    this.workload = workload;
    this.scenarios = List.copyOf(scenarios);
    this.currency = currency;
    this.fxRates = fxRates;
  }

  /**
   * Parses a workload file; {@code sourceName} names it in error messages.
   *
   * @throws PlanningException naming the file, the line or scenario, and the field of the first problem
   */
  public static WorkloadFile parse(String json, String sourceName) {
    return WorkloadReader.read(Objects.requireNonNull(json, "json"), Objects.requireNonNull(sourceName, "sourceName"));
  }

  /**
   * Reads a workload file in UTF-8; errors name the file by its file name.
   *
   * @throws PlanningException if the file does not fit the format
   * @throws UncheckedIOException if it cannot be read
   */
  public static WorkloadFile load(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.getFileName().toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read workload file " + file, e);
    }
  }

  /** The workload. */
  public Workload workload() { return workload; }
  /** The scenarios to compare, in file order; one cheapest scenario when the file names none. */
  public List<Scenario> scenarios() { return scenarios; }
  /** The currency the file asks to report in, if it names one. */
  public Optional<Currency> currency() { return Optional.ofNullable(currency); }
  /** The exchange rates the file states; none if it states none. */
  public FxRates fxRates() { return fxRates; }

  @Override
  public String toString() {
    return "WorkloadFile(" + workload + ", " + scenarios.size() + " scenarios)";
  }
}
