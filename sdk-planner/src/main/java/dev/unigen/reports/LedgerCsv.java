package dev.unigen.reports;

import dev.unigen.money.Money;
import java.util.List;
import java.util.SortedMap;

/**
 * A ledger report as RFC 4180 CSV: one row per total, per drift group and per chain (its runs in
 * the {@code model} column), every amount exact.
 */
final class LedgerCsv {
  private LedgerCsv() {}

  static String render(LedgerReport r) {
    CsvOut out = new CsvOut().row(List.of("section", "key", "model", "entries", "currency", "charged", "estimated",
        "actual", "difference", "drift_ratio"));
    String code = r.currency().getCurrencyCode();
    totals(out, code, "provider", r.byProvider(), r.providerEntries());
    totals(out, code, "model", r.byModel(), r.modelEntries());
    r.byTag().forEach((key, totals) -> totals(out, code, "tag:" + key, totals, r.tagEntries().get(key)));
    r.byDay().forEach((day, m) -> out.row(List.of("day", day.toString(), "", "", code, Fmt.exact(m), "", "", "", "")));
    out.row(List.of("total", "", "", String.valueOf(r.entries()), code, Fmt.exact(r.total()), "", "", "", ""));
    for (LedgerReport.Drift d : r.drift()) {
      out.row(List.of("drift", d.provider(), d.model(), String.valueOf(d.entries()), d.actual().currency().getCurrencyCode(),
          "", Fmt.exact(d.estimated()), Fmt.exact(d.actual()), Fmt.exact(d.difference()),
          d.ratio().map(x -> Fmt.exact(x, 0)).orElse("")));
    }
    for (LedgerReport.ChainTotal c : r.chains()) {
      out.row(List.of("chain", c.chain(), c.runs() + (c.runs() == 1 ? " run" : " runs"), String.valueOf(c.entries()),
          c.actual().currency().getCurrencyCode(), "", Fmt.exact(c.estimated()), Fmt.exact(c.actual()),
          Fmt.exact(c.difference()), c.ratio().map(x -> Fmt.exact(x, 0)).orElse("")));
    }
    return out.toString();
  }

  private static void totals(CsvOut out, String code, String section, SortedMap<String, Money> totals,
      SortedMap<String, Integer> counts) {
    totals.forEach((k, m) -> out.row(List.of(section, k, "", String.valueOf(counts.getOrDefault(k, 0)), code,
        Fmt.exact(m), "", "", "", "")));
  }
}
