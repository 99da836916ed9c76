package dev.unigen.cli;

import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.money.Money;
import dev.unigen.pricing.PriceRule;
import dev.unigen.pricing.Subscription;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code unigen catalog audit}: what in the catalog needs a look before it misleads a plan. Each
 * entry is checked offline (age, source, price, confidence, retirement) and, with {@code --live},
 * against the live prices of every provider whose key is set. Errors fail the command, so a team
 * can run it in CI; warnings fail it only with {@code --strict}.
 */
@Command(
    name = "audit",
    header = "Finds catalog entries that are old, unsourced, unpriced, retiring or off the live price.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Checks every offer and subscription of the catalog (the shipped ones and the --catalog files) and lists"
            + " what needs a look, grouped by provider:",
        "  errors:   a source that is not a public http(s) address; an offer already retired; with --live, a unit"
            + " price that differs from the provider's live one by more than --price-change, or a live read that"
            + " failed;",
        "  warnings: an entry read longer ago than --max-age days, or dated after today; an unpriced offer; an offer"
            + " retiring within --retiring-within days; a price read from a third party.",
        "Nothing is sent anywhere without --live. With it, each provider that has a pricing API and whose key is set"
            + " is asked for its prices; the others are listed as skipped.",
        "Exits with status 1 when there is an error (or, with --strict, a warning), so it can gate a CI job."})
final class AuditCommand implements Callable<Integer> {
  /** A public address: the whole source is one http(s) URL, as the provider contract requires of shipped offers. */
  static final Pattern PUBLIC_SOURCE = Pattern.compile("https?://\\S+");

  @Spec
  private CommandSpec spec;

  @Option(names = "--max-age", paramLabel = "DAYS", defaultValue = "90",
      description = "Warn about entries whose asOf is more than this many days before today. Default: ${DEFAULT-VALUE}.")
  private int maxAge;

  @Option(names = "--retiring-within", paramLabel = "DAYS", defaultValue = "" + Retirements.WARN_DAYS,
      description = "Warn about offers that shut down within this many days. Default: ${DEFAULT-VALUE}.")
  private int retiringWithin;

  @Option(names = "--live",
      description = "Also read the live prices of every provider with a pricing API whose key is set, and report unit"
          + " prices that differ from the catalog's.")
  private boolean live;

  @Option(names = "--price-change", paramLabel = "RATIO", defaultValue = "0.2", converter = Converters.DecimalConverter.class,
      description = "With --live, how far a live unit price may differ from the catalog's, as a share of the"
          + " catalog's, before it is an error. Default: ${DEFAULT-VALUE} (20%%).")
  private BigDecimal priceChange;

  @Option(names = "--provider", paramLabel = "NAME", description = "Only this provider's entries. Repeatable.")
  private List<String> providers = new ArrayList<>();

  @Option(names = "--strict", description = "Exit with status 1 on warnings too.")
  private boolean strict;

  @Option(names = "--json", description = "Print the findings as JSON on standard output (shape in docs/cli.md), with"
      + " the same exit status.")
  private boolean json;

  @Mixin
  private CatalogOptions catalogs;

  /** How bad a finding is. */
  enum Severity {
    ERROR, WARNING;

    String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** One thing the audit found about one entry; {@code facts} are the details the JSON output carries. */
  static final class Finding {
    final Severity severity;
    final String check;
    final String provider;
    final String entry;
    final String kind;
    final String detail;
    final Map<String, Object> facts = new LinkedHashMap<>();

    Finding(Severity severity, String check, String provider, String entry, String kind, String detail) {
      this.severity = severity;
      this.check = check;
      this.provider = provider;
      this.entry = entry;
      this.kind = kind;
      this.detail = detail;
    }

    Finding fact(String name, Object value) {
      facts.put(name, value);
      return this;
    }
  }

  @Override
  public Integer call() {
    Io io = Cli.io(spec);
    if (maxAge < 0) throw new ParameterException(spec.commandLine(), "--max-age must not be negative: " + maxAge);
    if (retiringWithin < 0) {
      throw new ParameterException(spec.commandLine(), "--retiring-within must not be negative: " + retiringWithin);
    }
    if (priceChange.signum() < 0) {
      throw new ParameterException(spec.commandLine(), "--price-change must not be negative: " + Quotes.plain(priceChange));
    }
    Catalog catalog = catalogs.load();
    io.err().println("catalog: " + catalogs.describe());
    if (!providers.isEmpty()) {
      Set<String> unknown = new TreeSet<>(providers);
      unknown.removeAll(catalog.providers());
      for (Subscription s : catalog.subscriptions()) unknown.remove(s.provider());
      if (!unknown.isEmpty()) {
        throw new CliException("no offer or subscription of provider " + String.join(", ", unknown) + " in the catalog;"
            + " there are " + String.join(", ", catalog.providers()));
      }
      catalog = catalog.forProviders(new TreeSet<>(providers));
    }
    LocalDate today = LocalDate.now(io.clock());
    List<Offer> offers = catalog.offers();
    List<Subscription> subs = new ArrayList<>();
    for (Subscription s : catalog.subscriptions()) {
      if (providers.isEmpty() || providers.contains(s.provider())) subs.add(s);
    }
    List<Finding> findings = new ArrayList<>();
    for (Offer o : offers) findings.addAll(offline(o, today));
    for (Subscription s : subs) findings.addAll(offline(s, today));
    List<LivePrices.Result> read = List.of();
    if (live) {
      read = LivePrices.read(catalog, io);
      for (LivePrices.Result r : read) findings.addAll(compare(r, catalog));
    }
    findings.sort(Comparator.<Finding, String>comparing(f -> f.provider).thenComparing(f -> f.severity)
        .thenComparing(f -> f.entry).thenComparing(f -> f.check));
    long errors = findings.stream().filter(f -> f.severity == Severity.ERROR).count();
    long warnings = findings.size() - errors;
    int status = errors > 0 || (strict && warnings > 0) ? Cli.FAILED : Cli.OK;
    if (json) {
      io.out().print(json(today, offers.size(), subs.size(), findings, read, errors, warnings, status));
      return status;
    }
    for (LivePrices.Result r : read) io.err().println("live: " + r.provider + ": " + r.summary());
    print(io.out(), today, offers.size(), subs.size(), findings, errors, warnings);
    return status;
  }

  /** The checks that need no network: source, retirement, age, price and confidence of one offer. */
  List<Finding> offline(Offer o, LocalDate today) {
    List<Finding> out = new ArrayList<>();
    String p = o.provider();
    if (!PUBLIC_SOURCE.matcher(o.source()).matches()) {
      out.add(new Finding(Severity.ERROR, "no-public-source", p, o.key(), "offer",
          "source \"" + shorten(o.source()) + "\" is not a public http(s) address").fact("source", o.source()));
    }
    Optional<Long> left = Retirements.daysLeft(o, today);
    if (left.isPresent() && left.get() <= 0) {
      out.add(new Finding(Severity.ERROR, "retired", p, o.key(), "offer", "retired on " + o.retires().get() + " ("
          + o.retirementSource().orElse("") + "); remove it from the catalog")
          .fact("retires", o.retires().get().toString()).fact("retirementSource", o.retirementSource().orElse(null)));
    } else if (left.isPresent() && left.get() <= retiringWithin) {
      out.add(new Finding(Severity.WARNING, "retiring", p, o.key(), "offer", "retires on " + o.retires().get() + ", "
          + Retirements.inDays(left.get()) + " (" + o.retirementSource().orElse("") + ")")
          .fact("retires", o.retires().get().toString()).fact("daysLeft", new Json.Number(left.get().toString()))
          .fact("retirementSource", o.retirementSource().orElse(null)));
    }
    age(o.asOf(), today, p, o.key(), "offer").ifPresent(out::add);
    if (o.price().isEmpty()) {
      out.add(new Finding(Severity.WARNING, "unpriced", p, o.key(), "offer",
          o.notes().isPresent() ? "no price; the notes say why" : "no price, and no notes saying why"));
    } else if (o.confidence() == Offer.Confidence.THIRD_PARTY) {
      out.add(new Finding(Severity.WARNING, "third-party", p, o.key(), "offer",
          "price read from a third party, not the provider's own page").fact("source", o.source()));
    }
    return out;
  }

  /** A subscription's checks: it cites an http(s) page, and its date. */
  List<Finding> offline(Subscription s, LocalDate today) {
    List<Finding> out = new ArrayList<>();
    String key = s.provider() + "/" + s.name();
    if (!PUBLIC_SOURCE.matcher(s.source()).find()) {
      out.add(new Finding(Severity.ERROR, "no-public-source", s.provider(), key, "subscription",
          "source \"" + shorten(s.source()) + "\" cites no public http(s) address").fact("source", s.source()));
    }
    try {
      age(LocalDate.parse(s.asOf()), today, s.provider(), key, "subscription").ifPresent(out::add);
    } catch (DateTimeParseException e) {
      out.add(new Finding(Severity.WARNING, "stale", s.provider(), key, "subscription",
          "asOf \"" + s.asOf() + "\" is not a date, so its age is unknown").fact("asOf", s.asOf()));
    }
    return out;
  }

  private Optional<Finding> age(LocalDate asOf, LocalDate today, String provider, String key, String kind) {
    long days = ChronoUnit.DAYS.between(asOf, today);
    if (days < 0) {
      return Optional.of(new Finding(Severity.WARNING, "future-date", provider, key, kind,
          "as of " + asOf + ", after today (" + today + ")").fact("asOf", asOf.toString()));
    }
    if (days > maxAge) {
      return Optional.of(new Finding(Severity.WARNING, "stale", provider, key, kind,
          "as of " + asOf + ", " + days + " days ago (more than " + maxAge + ")")
          .fact("asOf", asOf.toString()).fact("ageDays", new Json.Number(String.valueOf(days))));
    }
    return Optional.empty();
  }

  /** What one provider's live read says about the audited offers: a failure, or each unit price too far off. */
  List<Finding> compare(LivePrices.Result r, Catalog audited) {
    List<Finding> out = new ArrayList<>();
    if (r.status == LivePrices.Status.FAILED) {
      out.add(new Finding(Severity.ERROR, "live-failed", r.provider, r.provider, "provider",
          "reading the live prices failed: " + r.detail));
      return out;
    }
    if (r.status != LivePrices.Status.READ) return out;
    for (Offer o : audited.offers()) {
      if (!o.provider().equals(r.provider)) continue;
      Offer fresh = r.changed.get(o.model());
      if (fresh == null) continue;
      Optional<Money> ours = o.price().flatMap(PriceRule::unitPrice);
      Optional<Money> theirs = fresh.price().flatMap(PriceRule::unitPrice);
      if (ours.isEmpty() || theirs.isEmpty() || !ours.get().currency().equals(theirs.get().currency())) continue;
      BigDecimal a = ours.get().amount();
      BigDecimal b = theirs.get().amount();
      if (a.compareTo(b) == 0) continue;
      BigDecimal change = a.signum() == 0 ? null : b.subtract(a).abs().divide(a, 6, RoundingMode.HALF_UP);
      if (change != null && change.compareTo(priceChange) <= 0) continue;
      String by = change == null ? "" : " (" + (b.compareTo(a) > 0 ? "+" : "-") + Quotes.plain(change.movePointRight(2)
          .setScale(1, RoundingMode.HALF_UP)) + "%)";
      out.add(new Finding(Severity.ERROR, "live-price", o.provider(), o.key(), "offer",
          "unit price " + Quotes.plain(ours.get()) + " in the catalog, " + Quotes.plain(theirs.get()) + " live" + by)
          .fact("catalogPrice", MachineJson.money(ours.get())).fact("livePrice", MachineJson.money(theirs.get()))
          .fact("change", change == null ? null : Quotes.plain(change)).fact("liveSource", fresh.source()));
    }
    return out;
  }

  private void print(PrintWriter out, LocalDate today, int offers, int subs, List<Finding> findings, long errors,
      long warnings) {
    String audited = CatalogCommand.count(offers, "offer") + (subs > 0 ? " and " + CatalogCommand.count(subs, "subscription") : "");
    out.println("Audit of " + audited + " on " + today + ": sources, prices, retirements (within " + retiringWithin
        + " days), age (over " + maxAge + " days)" + (live ? ", live prices (" + percent(priceChange) + ")" : "") + ".");
    if (findings.isEmpty()) {
      out.println();
      out.println("Nothing found.");
      return;
    }
    int[] width = new int[3];
    for (Finding f : findings) {
      width[0] = Math.max(width[0], f.severity.wireName().length());
      width[1] = Math.max(width[1], f.check.length());
      width[2] = Math.max(width[2], f.entry.length());
    }
    Map<String, List<Finding>> byProvider = new TreeMap<>();
    for (Finding f : findings) byProvider.computeIfAbsent(f.provider, k -> new ArrayList<>()).add(f);
    for (Map.Entry<String, List<Finding>> e : byProvider.entrySet()) {
      out.println();
      out.println(e.getKey());
      for (Finding f : e.getValue()) {
        out.println(("  " + pad(f.severity.wireName(), width[0]) + pad(f.check, width[1]) + pad(f.entry, width[2])
            + f.detail).stripTrailing());
      }
    }
    out.println();
    out.println(CatalogCommand.count((int) errors, "error") + ", " + CatalogCommand.count((int) warnings, "warning")
        + (errors == 0 && warnings > 0 && !strict ? " (warnings fail the audit only with --strict)" : "") + ".");
  }

  private String json(LocalDate today, int offers, int subs, List<Finding> findings, List<LivePrices.Result> read,
      long errors, long warnings, int status) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("date", today.toString());
    Map<String, Object> checks = new LinkedHashMap<>();
    checks.put("maxAgeDays", new Json.Number(String.valueOf(maxAge)));
    checks.put("retiringWithinDays", new Json.Number(String.valueOf(retiringWithin)));
    checks.put("live", live);
    checks.put("priceChange", Quotes.plain(priceChange));
    checks.put("strict", strict);
    o.put("checks", checks);
    Map<String, Object> audited = new LinkedHashMap<>();
    audited.put("offers", new Json.Number(String.valueOf(offers)));
    audited.put("subscriptions", new Json.Number(String.valueOf(subs)));
    o.put("audited", audited);
    List<Object> list = new ArrayList<>();
    for (Finding f : findings) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("severity", f.severity.wireName());
      line.put("check", f.check);
      line.put("provider", f.provider);
      line.put("entry", f.entry);
      line.put("kind", f.kind);
      line.put("detail", f.detail);
      line.putAll(f.facts);
      list.add(line);
    }
    o.put("findings", list);
    List<Object> providersRead = new ArrayList<>();
    for (LivePrices.Result r : read) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("provider", r.provider);
      line.put("status", r.status.wireName());
      line.put("detail", r.summary());
      providersRead.add(line);
    }
    o.put("live", providersRead);
    o.put("errors", new Json.Number(String.valueOf(errors)));
    o.put("warnings", new Json.Number(String.valueOf(warnings)));
    o.put("passed", status == Cli.OK);
    return Json.print(o) + "\n";
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length() + 2);
  }

  private static String percent(BigDecimal ratio) {
    return "more than " + Quotes.plain(ratio.movePointRight(2)) + "% off";
  }

  /** A source as long as a table line allows. */
  private static String shorten(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
