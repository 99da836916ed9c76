package dev.unigen.examples;

import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.money.Money;
import dev.unigen.planning.CostPlan;
import dev.unigen.planning.CostPlanner;
import dev.unigen.planning.CreditPacks;
import dev.unigen.planning.LineCost;
import dev.unigen.planning.ScenarioCost;
import dev.unigen.planning.StepCost;
import dev.unigen.planning.Workload;
import dev.unigen.planning.WorkloadFile;
import dev.unigen.planning.WorkloadLine;
import dev.unigen.request.Task;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.Currency;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Published cost plans against Unigen's: three teams' published plans (a photo platform's tiers, a
 * comic studio's panels, a short-video platform's pipelines) as workload files in
 * {@code workloads/} (resources of this module), each planned on its scenarios from the current
 * catalog, and every figure a published plan states ({@link PublishedFigures}) printed beside the
 * figure Unigen's plan gives, with the difference and whether the published figure holds. See
 * {@code docs/published-cost-plans.md}.
 *
 * <p>The catalog is every provider module's on the class path without the sandbox (whose
 * zero-cost offers would win every comparison), with each workload file's own catalog laid over
 * it: the few offers the published plans price that no shipped module has (Google's own Gemini API,
 * fal's OpenPose ControlNet, an unnamed inpainting step), each sourced to its plan or to PRICING.md.
 * The video platform's examples are chains, in {@code chains/}, which its workload files run: each step is priced
 * on the size the step before it produces. Its Grok prompts are priced from the xAI module's own
 * catalog, and the output names the offer. Nothing is sent anywhere and no key is needed.
 *
 * <pre>
 * mvn -q install -DskipTests
 * mvn -q -f sdk-examples exec:java -Dexec.mainClass=dev.unigen.examples.PublishedCostPlans
 * </pre>
 */
public final class PublishedCostPlans {
  /** The workload files, in the order they are printed: the photo platform's, the comic studio's, the video platform's. */
  public static final List<String> WORKLOADS = List.of(PublishedFigures.STARTER, PublishedFigures.STARTER_NO_VIDEO,
      PublishedFigures.PRO, PublishedFigures.BUSINESS, PublishedFigures.OTHERS, PublishedFigures.COMIC, PublishedFigures.PIPELINES, PublishedFigures.VOLUME);

  /** Whether a published figure holds against the computed one. */
  public enum Verdict {
    /** The same amount. */
    EXACT("exact"),
    /** The computed figure, rounded half-even to the places the published figure gives, is that figure. */
    ROUNDS("holds, rounded"),
    /** Off by less than one unit of the published figure's last place, but rounds to another figure. */
    CLOSE("close"),
    /** Off by a unit of the published figure's last place or more. */
    DIFFERS("DIFFERS");

    private final String text;

    Verdict(String text) {
      this.text = text;
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** One published figure beside the computed one. */
  public static final class Comparison {
    private final PublishedFigures.Figure figure;
    private final BigDecimal computed;
    private final Currency currency;
    private final Verdict verdict;

    Comparison(PublishedFigures.Figure figure, BigDecimal computed, Currency currency) {
      this.figure = figure;
      this.computed = computed;
      this.currency = currency;
      this.verdict = PublishedCostPlans.verdict(computed, figure.stated);
    }

    /** The workload file. */
    public String workload() { return figure.workload; }
    /** The scenario the figure is read from. */
    public String scenario() { return figure.scenario; }
    /** What the figure is. */
    public String label() { return figure.label; }
    /** The figure worked out from the plan: an amount in {@link #currency()}, or a ratio for a margin. */
    public BigDecimal computed() { return computed; }
    /** The figure as its published plan states it. */
    public BigDecimal stated() { return figure.stated; }
    /** Computed minus stated. */
    public BigDecimal difference() { return computed.subtract(figure.stated); }
    /** The plan's currency; amounts are in it. */
    public Currency currency() { return currency; }
    /** True for a margin, which is a ratio rather than an amount. */
    public boolean isRatio() { return figure.isRatio(); }
    /** Whether the published figure holds. */
    public Verdict verdict() { return verdict; }
    /** Where its published plan states it. */
    public String where() { return figure.where; }

    @Override
    public String toString() {
      return figure + ": computed " + computed.toPlainString() + ", published " + figure.stated.toPlainString() + " (" + verdict + ")";
    }
  }

  private PublishedCostPlans() {}

  /** Plans every workload from the shipped catalog and prints each figure beside the published one. */
  public static void main(String[] args) {
    run(shippedCatalog(), System.out);
  }

  /** Every provider module's catalog on the class path, without the zero-cost sandbox. */
  public static Catalog shippedCatalog() {
    Catalog all = Catalog.fromClasspath();
    Set<String> providers = new TreeSet<>(all.providers());
    providers.remove("sandbox");
    return all.forProviders(providers);
  }

  /**
   * Plans every workload file on {@code catalog} (each file's own catalog laid over it), prints
   * the plans' totals and every published figure beside the computed one to {@code out}, and returns the
   * comparisons in order.
   */
  public static List<Comparison> run(Catalog catalog, PrintStream out) {
    Map<String, WorkloadFile> files = new HashMap<>();
    for (String name : WORKLOADS) files.put(name, load(name));
    Map<String, CostPlan> plans = new HashMap<>();
    List<Comparison> all = new ArrayList<>();

    out.println("Published cost plans against Unigen's, planned from the current catalog");
    out.println("Catalog: " + catalog.size() + " shipped offers of " + String.join(", ", catalog.providers())
        + " (the sandbox left out); each workload file lays its own offers over it.");
    out.println("A published figure is exact, holds when the computed figure rounds to it at its precision,"
        + " is close when it is off by less than one unit of its last place, or DIFFERS.");

    for (String name : WORKLOADS) {
      WorkloadFile file = files.get(name);
      CostPlan plan = plan(catalog, file, 1, plans, name);
      out.println();
      out.println("== " + name + ": " + file.workload().name() + " ==");
      file.workload().description().ifPresent(d -> out.println(d));
      printScenarios(plan, out);
      printTextLines(plan, out);
      List<Comparison> here = new ArrayList<>();
      for (PublishedFigures.Figure f : PublishedFigures.all()) {
        if (!f.workload.equals(name)) continue;
        CostPlan p = plan(catalog, file, f.volume, plans, name);
        here.add(new Comparison(f, compute(f, p), p.currency()));
      }
      printComparisons(here, out);
      all.addAll(here);
    }

    Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
    for (Comparison c : all) counts.merge(c.verdict(), 1, Integer::sum);
    out.println();
    out.println("Of the " + all.size() + " published figures: " + counts.getOrDefault(Verdict.EXACT, 0) + " exact, "
        + counts.getOrDefault(Verdict.ROUNDS, 0) + " hold when rounded, " + counts.getOrDefault(Verdict.CLOSE, 0)
        + " close, " + counts.getOrDefault(Verdict.DIFFERS, 0) + " differ.");
    return all;
  }

  /** Reads {@code workloads/<name>} from this module's resources, and the chain files it names, relative to it. */
  static WorkloadFile load(String name) {
    String at = "workloads/" + name;
    return WorkloadFile.parse(resource(at), name, chain -> resource(URI.create(at).resolve(chain).getPath()));
  }

  /** A text resource of this module, such as {@code chains/premium-image.json}. */
  static String resource(String path) {
    try (InputStream in = PublishedCostPlans.class.getResourceAsStream("/" + path)) {
      if (in == null) throw new UncheckedIOException(new java.nio.file.NoSuchFileException(path));
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  private static CostPlan plan(Catalog catalog, WorkloadFile file, long volume, Map<String, CostPlan> plans, String name) {
    return plans.computeIfAbsent(name + " x" + volume, k -> CostPlanner.builder()
        .catalog(catalog)
        .currency(file.currency().orElse(Currency.getInstance("USD")))
        .fxRates(file.fxRates())
        .build()
        .plan(volume == 1 ? file.workload() : scaled(file.workload(), volume), file.scenarios()));
  }

  /** The workload with every line's count × {@code k}. */
  static Workload scaled(Workload w, long k) {
    Workload.Builder b = Workload.builder(w.name()).period(w.period()).users(w.users());
    w.description().ifPresent(b::description);
    w.revenue().ifPresent(b::revenue);
    w.creditPacks().ifPresent(b::creditPacks);
    for (WorkloadLine l : w.lines()) b.line(l.toBuilder().count(l.count() * k).build());
    return b.build();
  }

  /** Works a figure out of a plan. */
  static BigDecimal compute(PublishedFigures.Figure f, CostPlan plan) {
    ScenarioCost s = plan.scenario(f.scenario)
        .orElseThrow(() -> new IllegalStateException(f + ": no scenario '" + f.scenario + "' in " + f.workload));
    BigDecimal v;
    switch (f.measure) {
      case TOTAL: v = s.total().amount(); break;
      case PAY_AS_YOU_GO: v = s.payAsYouGo().amount(); break;
      case FEES: v = s.fees().amount(); break;
      case MARGIN_RATIO:
        v = s.marginRatio().orElseThrow(() -> new IllegalStateException(f + ": the workload states no revenue"));
        break;
      case COST:
      case CHARGED:
      case UNIT:
        v = BigDecimal.ZERO;
        for (String name : f.lines) {
          int hash = name.indexOf('#');
          if (hash >= 0) {
            // "line#step": one step of a chain line; it has no credit of its own.
            StepCost step = step(line(s, name.substring(0, hash), f), name.substring(hash + 1), f);
            v = v.add((f.measure == PublishedFigures.Measure.UNIT ? step.unitCost().get() : step.cost().get()).amount());
            continue;
          }
          LineCost l = line(s, name, f);
          Money m = f.measure == PublishedFigures.Measure.COST ? l.cost().get()
              : f.measure == PublishedFigures.Measure.CHARGED ? l.charged().get() : l.unitCost().get();
          v = v.add(m.amount());
        }
        break;
      case CREDIT_COST:
      case CREDIT_MARGIN:
        v = credit(s, f);
        break;
      case FIXED:
        v = BigDecimal.ZERO;
        for (String name : f.lines) {
          Money m = s.fixedCosts().get(name);
          if (m == null) throw new IllegalStateException(f + ": no fixed cost '" + name + "'");
          v = v.add(m.amount());
        }
        break;
      default: throw new IllegalStateException("unknown measure " + f.measure);
    }
    v = v.multiply(f.times);
    if (f.per != 1) v = v.divide(BigDecimal.valueOf(f.per), CostPlanner.DIVISION_SCALE, RoundingMode.HALF_EVEN);
    return strip(v);
  }

  private static LineCost line(ScenarioCost s, String name, PublishedFigures.Figure f) {
    for (LineCost l : s.lines()) {
      if (l.line().name().filter(name::equals).isPresent()) {
        if (!l.isPriced()) throw new IllegalStateException(f + ": line '" + name + "' is not priced: " + l.reason().orElse(""));
        return l;
      }
    }
    throw new IllegalStateException(f + ": no line '" + name + "'");
  }

  private static StepCost step(LineCost l, String name, PublishedFigures.Figure f) {
    for (StepCost s : l.steps()) if (s.step().equals(name)) return s;
    throw new IllegalStateException(f + ": line '" + l.line().label() + "' has no chain step '" + name + "'");
  }

  private static BigDecimal credit(ScenarioCost s, PublishedFigures.Figure f) {
    CreditPacks.Table t = s.creditPacks().orElseThrow(() -> new IllegalStateException(f + ": no credit-pack table: " + s.notes()));
    for (CreditPacks.Row r : t.rows()) {
      if (!r.output().name().equals(f.output)) continue;
      if (f.measure == PublishedFigures.Measure.CREDIT_COST) return r.cost().amount();
      for (CreditPacks.Cell c : r.cells()) if (c.pack().name().equals(f.pack)) return c.margin().amount();
    }
    throw new IllegalStateException(f + ": no credit-pack output '" + f.output + "' or pack '" + f.pack + "'");
  }

  static Verdict verdict(BigDecimal computed, BigDecimal stated) {
    if (computed.compareTo(stated) == 0) return Verdict.EXACT;
    int places = Math.max(stated.scale(), 0);
    if (computed.setScale(places, RoundingMode.HALF_EVEN).compareTo(stated) == 0) return Verdict.ROUNDS;
    BigDecimal unit = BigDecimal.ONE.movePointLeft(places);
    return computed.subtract(stated).abs().compareTo(unit) < 0 ? Verdict.CLOSE : Verdict.DIFFERS;
  }

  private static void printScenarios(CostPlan plan, PrintStream out) {
    String cur = plan.currency().getCurrencyCode();
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"scenario", "total per user", "margin", "complete"});
    for (ScenarioCost s : plan.scenarios()) {
      rows.add(new String[] {s.name(), amount(s.total().amount()) + " " + cur,
          s.marginRatio().map(PublishedCostPlans::percent).orElse("-"), s.complete() ? "yes" : "no: " + unpriced(s)});
    }
    out.println();
    table(rows, new boolean[] {false, true, true, false}, out, "  ");
  }

  /**
   * Where each text line or chain step (a prompt written by a language model) got its price: the
   * offer, its price per call and the catalog entry's date and source, once per distinct offer.
   */
  private static void printTextLines(CostPlan plan, PrintStream out) {
    Set<String> seen = new LinkedHashSet<>();
    List<String> shown = new ArrayList<>();
    for (ScenarioCost s : plan.scenarios()) {
      for (LineCost l : s.lines()) {
        if (l.line().task() == Task.TEXT && l.isPriced() && l.offer().isPresent()) {
          Offer o = l.offer().get();
          if (!seen.add(s.name() + " " + o.key())) continue;
          String each = l.unitCost().map(m -> amount(m.amount()) + " " + m.currency().getCurrencyCode()).orElse("?");
          shown.add("  " + s.name() + ": text lines priced on " + o.key() + " at " + each + " a call (" + l.derivation()
              + "; as of " + o.asOf() + ", " + o.source() + ")");
        }
        for (StepCost step : l.steps()) {
          if (step.task() != Task.TEXT || !step.isPriced() || !seen.add(s.name() + " " + step.offer().key())) continue;
          Offer o = step.offer();
          Money each = step.unitCost().get();
          shown.add("  " + s.name() + ": text steps priced on " + o.key() + " at " + amount(each.amount()) + " "
              + each.currency().getCurrencyCode() + " a call (" + step.derivation() + "; as of " + o.asOf() + ", "
              + o.source() + ")");
        }
      }
    }
    if (shown.isEmpty()) return;
    out.println();
    shown.forEach(out::println);
  }

  private static String unpriced(ScenarioCost s) {
    Set<String> names = new LinkedHashSet<>();
    for (LineCost l : s.lines()) if (!l.isPriced()) names.add(l.line().label());
    return String.join(", ", names);
  }

  private static void printComparisons(List<Comparison> cs, PrintStream out) {
    if (cs.isEmpty()) return;
    out.println();
    out.println("  Published figures:");
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"scenario", "figure", "computed", "published", "difference", "verdict"});
    for (Comparison c : cs) {
      String cur = " " + c.currency().getCurrencyCode();
      rows.add(new String[] {c.scenario(), c.label(),
          c.isRatio() ? percent(c.computed()) : amount(c.computed()) + cur,
          c.isRatio() ? percent(c.stated()) : amount(c.stated()) + cur,
          c.isRatio() ? points(c.difference()) : signed(c.difference()),
          c.verdict().toString()});
    }
    List<String> lines = table(rows, new boolean[] {false, false, true, true, true, false}, null, "  ");
    out.println(lines.get(0));
    for (int i = 0; i < cs.size(); i++) {
      out.println(lines.get(i + 1));
      out.println("      where: " + cs.get(i).where());
    }
  }

  /** Pads columns to their widest cell, right-aligning those marked; prints to {@code out} if given, and returns the lines. */
  private static List<String> table(List<String[]> rows, boolean[] right, PrintStream out, String indent) {
    int n = rows.get(0).length;
    int[] w = new int[n];
    for (String[] r : rows) for (int i = 0; i < n; i++) w[i] = Math.max(w[i], r[i].length());
    List<String> lines = new ArrayList<>();
    for (String[] r : rows) {
      StringBuilder b = new StringBuilder(indent);
      for (int i = 0; i < n; i++) {
        String cell = r[i];
        String pad = " ".repeat(w[i] - cell.length());
        b.append(right[i] ? pad + cell : cell + pad);
        if (i < n - 1) b.append("  ");
      }
      lines.add(b.toString().stripTrailing());
    }
    if (out != null) for (String l : lines) out.println(l);
    return lines;
  }

  /** The exact amount with thousands separators and no trailing zeros: {@code 82,240}, {@code 0.04645728}. */
  static String amount(BigDecimal v) {
    DecimalFormat f = new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT));
    f.setMaximumFractionDigits(CostPlanner.DIVISION_SCALE);
    f.setRoundingMode(RoundingMode.HALF_EVEN);
    return f.format(strip(v));
  }

  private static String signed(BigDecimal v) {
    return v.signum() > 0 ? "+" + amount(v) : v.signum() == 0 ? "0" : "-" + amount(v.negate());
  }

  /** A ratio as a percentage to two places: {@code 58.67 %}. */
  static String percent(BigDecimal ratio) {
    return ratio.movePointRight(2).setScale(2, RoundingMode.HALF_EVEN).toPlainString() + " %";
  }

  private static String points(BigDecimal ratio) {
    BigDecimal p = ratio.movePointRight(2).setScale(2, RoundingMode.HALF_EVEN);
    return (p.signum() > 0 ? "+" : "") + p.toPlainString() + " pt";
  }

  private static BigDecimal strip(BigDecimal v) {
    BigDecimal s = v.stripTrailingZeros();
    return s.scale() < 0 ? s.setScale(0) : s;
  }
}
