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
import java.util.function.Function;

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
 * <p>The file's own catalog overrides, if any, are already laid into every scenario. A line may
 * run a chain declared in a chain file ({@code "chain": "chains/premium-photo.json"}), named
 * relative to the workload file: {@link #load(Path)} reads it from there, and
 * {@link #parse(String, String, Function)} asks its caller for it. Immutable.
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
   * Parses a workload file whose lines name no chain file; {@code sourceName} names it in error messages.
   *
   * @throws PlanningException naming the file, the line or scenario, and the field of the first
   *     problem; a line that names a chain file is one, as there is nowhere to read it from
   */
  public static WorkloadFile parse(String json, String sourceName) {
    return WorkloadReader.read(Objects.requireNonNull(json, "json"), Objects.requireNonNull(sourceName, "sourceName"), null);
  }

  /**
   * Parses a workload file; {@code chainFiles} returns the JSON of the chain file a line names, as
   * the line writes it (relative to the workload file), and may throw {@link UncheckedIOException}
   * when it cannot. Each chain file is asked for once.
   *
   * @throws PlanningException naming the file, the line or scenario, and the field of the first
   *     problem, a chain file that cannot be read or whose chain is wrongly wired among them
   */
  public static WorkloadFile parse(String json, String sourceName, Function<String, String> chainFiles) {
    return WorkloadReader.read(Objects.requireNonNull(json, "json"), Objects.requireNonNull(sourceName, "sourceName"),
        Objects.requireNonNull(chainFiles, "chainFiles"));
  }

  /**
   * Reads a workload file in UTF-8, and the chain files its lines name, relative to its directory;
   * errors name the file by its file name.
   *
   * @throws PlanningException if the file or a chain file does not fit its format, or a chain file cannot be read
   * @throws UncheckedIOException if the workload file cannot be read
   */
  public static WorkloadFile load(Path file) {
    String json;
    try {
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read workload file " + file, e);
    }
    Path dir = file.toAbsolutePath().getParent();
    return parse(json, file.getFileName().toString(), name -> {
      try {
        return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
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
