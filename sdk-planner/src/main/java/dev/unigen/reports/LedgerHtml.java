package dev.unigen.reports;

import dev.unigen.money.Money;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A ledger report as one self-contained HTML page: cards for the total and the overall drift, a
 * bar chart per grouping (provider, model, tag, day), then the drift table.
 */
final class LedgerHtml extends LedgerWording {
  LedgerHtml(LedgerReport report) {
    super(report);
  }

  @Override
  String render() {
    StringBuilder out = new StringBuilder();
    Html.open(out, report.title(), subtitle());
    String code = report.currency().getCurrencyCode();
    out.append("<div class=\"cards\">\n<div class=\"card\"><span class=\"muted\">Charged</span><b>")
        .append(Html.escape(amount(report.total()) + " " + code)).append("</b></div>\n<div class=\"card\"><span class=\"muted\">")
        .append("Entries</span><b>").append(report.entries()).append("</b></div>\n");
    for (LedgerReport.Drift d : report.overall()) {
      boolean over = d.difference().amount().signum() > 0;
      out.append("<div class=\"card\"><span class=\"muted\">Bills against quotes (").append(Html.escape(d.actual().currency()
          .getCurrencyCode())).append(")</span><b").append(over ? " class=\"neg\"" : "").append(">")
          .append(Html.escape(percent(d))).append("</b><span>").append(Html.escape(signed(d.difference())))
          .append(" over ").append(d.entries()).append(" entries</span></div>\n");
    }
    out.append("</div>\n");
    totals(out, "By provider", report.byProvider(), report.providerEntries());
    totals(out, "By model", report.byModel(), report.modelEntries());
    report.byTag().forEach((key, totals) -> totals(out, "By tag " + key, totals, report.tagEntries().get(key)));
    SortedMap<String, Money> days = new TreeMap<>();
    report.byDay().forEach((d, m) -> days.put(d.toString(), m));
    totals(out, "By day", days, null);

    out.append("<h2>Estimate against actual</h2>\n<p class=\"muted\">Successful entries whose actual cost was reported by"
        + " the provider or computed from the output; positive drift means the bill came in above the quote.</p>\n")
        .append("<table><tr><th>Provider</th><th>Model</th><th class=\"n\">Entries</th><th>Currency</th>")
        .append("<th class=\"n\">Estimated</th><th class=\"n\">Actual</th><th class=\"n\">Difference</th>")
        .append("<th class=\"n\">Drift</th><th class=\"n\">Above estimate</th></tr>\n");
    for (LedgerReport.Drift d : report.drift()) {
      boolean over = d.difference().amount().signum() > 0;
      out.append("<tr><td>").append(Html.escape(d.provider())).append("</td><td>").append(Html.escape(d.model()))
          .append("</td><td class=\"n\">").append(d.entries()).append("</td><td>")
          .append(Html.escape(d.actual().currency().getCurrencyCode())).append("</td><td class=\"n\">")
          .append(Html.escape(amount(d.estimated()))).append("</td><td class=\"n\">").append(Html.escape(amount(d.actual())))
          .append("</td><td class=\"n").append(over ? " neg" : "").append("\">").append(Html.escape(signed(d.difference())))
          .append("</td><td class=\"n").append(over ? " neg" : "").append("\">").append(Html.escape(percent(d)))
          .append("</td><td class=\"n\">").append(d.over()).append("</td></tr>\n");
    }
    out.append("</table>\n");
    if (!report.chains().isEmpty()) {
      out.append("<h2>By chain</h2>\n<p class=\"muted\">The estimates of the steps that succeeded against the actual cost"
          + " of every attempt, failed ones that were billed included.</p>\n")
          .append("<table><tr><th>Chain</th><th class=\"n\">Runs</th><th class=\"n\">Entries</th><th>Currency</th>")
          .append("<th class=\"n\">Estimated</th><th class=\"n\">Actual</th><th class=\"n\">Difference</th>")
          .append("<th class=\"n\">Drift</th></tr>\n");
      for (LedgerReport.ChainTotal c : report.chains()) {
        boolean over = c.difference().amount().signum() > 0;
        out.append("<tr><td>").append(Html.escape(c.chain())).append("</td><td class=\"n\">").append(c.runs())
            .append("</td><td class=\"n\">").append(c.entries()).append("</td><td>")
            .append(Html.escape(c.actual().currency().getCurrencyCode())).append("</td><td class=\"n\">")
            .append(Html.escape(amount(c.estimated()))).append("</td><td class=\"n\">").append(Html.escape(amount(c.actual())))
            .append("</td><td class=\"n").append(over ? " neg" : "").append("\">").append(Html.escape(signed(c.difference())))
            .append("</td><td class=\"n").append(over ? " neg" : "").append("\">").append(Html.escape(percent(c)))
            .append("</td></tr>\n");
      }
      out.append("</table>\n");
    }
    Html.close(out, precision());
    return out.toString();
  }

  /** A heading and a bar per key; with {@code counts}, each bar also says how many entries it sums. */
  private void totals(StringBuilder out, String heading, SortedMap<String, Money> totals, SortedMap<String, Integer> counts) {
    out.append("<h2>").append(Html.escape(heading)).append("</h2>\n");
    if (totals.isEmpty()) {
      out.append("<p class=\"muted\">Nothing charged.</p>\n");
      return;
    }
    List<Html.Bar> bars = new ArrayList<>();
    BigDecimal max = BigDecimal.ZERO;
    for (Map.Entry<String, Money> e : totals.entrySet()) {
      String text = amount(e.getValue())
          + (counts == null ? "" : " · " + Fmt.plural(counts.getOrDefault(e.getKey(), 0), "entry", "entries"));
      bars.add(Html.Bar.of(e.getKey(), e.getValue().amount(), Html.BLUE, text));
      max = max.max(e.getValue().amount());
    }
    Html.barChart(out, heading, bars, max, null, null);
  }
}
