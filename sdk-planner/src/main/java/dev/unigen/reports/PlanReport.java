package dev.unigen.reports;

import dev.unigen.planning.CostPlan;
import java.io.IOException;
import java.util.Objects;

/**
 * Renders a {@link CostPlan} as a plain-text table, JSON, CSV or one self-contained HTML page
 * with a bar chart per scenario. See {@code docs/reports.md}.
 *
 * <p>Text and HTML round amounts for display, half-even, to {@link Builder#scale(int) scale}
 * places (by default the currency's usual places) and per-output costs to up to four more, and
 * say so; JSON and CSV give every amount exact. Savings are shown against the first scenario.
 * Immutable and threadsafe; the builder is not.
 *
 * <pre>{@code
 * String html = PlanReport.of(plan).render(ReportFormat.HTML);
 * Files.writeString(Path.of("plan.html"), html);
 * }</pre>
 */
public final class PlanReport {
  private final CostPlan plan;
  private final String title;
  private final int scale;

  private PlanReport(Builder b) {
    plan = b.plan;
    title = b.title != null ? b.title : "Cost plan: " + b.plan.workload().name();
    scale = b.scale >= 0 ? b.scale : Fmt.digits(b.plan.currency());
  }

  /** Returns a report of {@code plan} with the default title and scale. */
  public static PlanReport of(CostPlan plan) {
    return builder(plan).build();
  }

  /** Returns a builder for a report of {@code plan}. */
  public static Builder builder(CostPlan plan) {
    return new Builder(Objects.requireNonNull(plan, "plan"));
  }

  /** The plan reported. */
  public CostPlan plan() { return plan; }

  /** The decimal places amounts are rounded to in text and HTML. */
  public int scale() { return scale; }

  /** The title text and HTML open with. */
  String title() { return title; }

  /** Returns the report in {@code format}. */
  public String render(ReportFormat format) {
    switch (format) {
      case TEXT: return new PlanText(this).render();
      case JSON: return PlanJson.render(plan);
      case CSV: return PlanCsv.render(plan);
      case HTML: return new PlanHtml(this).render();
      default: throw new IllegalArgumentException("unknown format " + format);
    }
  }

  /**
   * Writes the report in {@code format} to {@code out}.
   *
   * @throws IOException if {@code out} throws it
   */
  public void write(ReportFormat format, Appendable out) throws IOException {
    out.append(render(format));
  }

  /** Builds a {@link PlanReport}. Not threadsafe. */
  public static final class Builder {
    private final CostPlan plan;
    private String title;
    private int scale = -1;

    private Builder(CostPlan plan) {
      this.plan = plan;
    }

    /** Sets the title; by default {@code Cost plan: <workload name>}. */
    public Builder title(String title) { this.title = Objects.requireNonNull(title, "title"); return this; }

    /**
     * Sets the decimal places text and HTML round amounts to; by default the currency's usual places.
     *
     * @throws IllegalArgumentException if {@code scale} is negative
     */
    public Builder scale(int scale) {
      if (scale < 0) throw new IllegalArgumentException("scale < 0: " + scale);
      this.scale = scale;
      return this;
    }

    /** Returns the report. */
    public PlanReport build() {
      return new PlanReport(this);
    }
  }
}
