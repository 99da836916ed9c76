package dev.unigen.reports;

import dev.unigen.money.Money;
import java.util.SortedMap;

/** A ledger report as plain-text tables: totals by provider, model, tag and day, then drift. */
final class LedgerText extends LedgerWording {
  LedgerText(LedgerReport report) {
    super(report);
  }

  @Override
  String render() {
    StringBuilder out = new StringBuilder();
    out.append(report.title()).append('\n').append(subtitle()).append('\n').append(precision()).append('\n');
    totals(out, "By provider", "Provider", report.byProvider(), report.providerEntries());
    totals(out, "By model", "Model", report.byModel(), report.modelEntries());
    report.byTag().forEach((key, totals) -> totals(out, "By tag " + key, key, totals, report.tagEntries().get(key)));
    out.append("\nBy day\n");
    TextTable days = new TextTable("lr", "Day", "Charged (" + report.currency().getCurrencyCode() + ")");
    report.byDay().forEach((day, m) -> days.row(day.toString(), amount(m)));
    days.appendTo(out, "  ");
    out.append("\nEstimate against actual (successful entries with a reported or computed actual)\n");
    TextTable t = new TextTable("llrlrrrrr", "Provider", "Model", "Entries", "Currency", "Estimated", "Actual",
        "Difference", "Drift", "Over");
    for (LedgerReport.Drift d : report.drift()) {
      t.row(d.provider(), d.model(), String.valueOf(d.entries()), d.actual().currency().getCurrencyCode(),
          amount(d.estimated()), amount(d.actual()), signed(d.difference()), percent(d), String.valueOf(d.over()));
    }
    t.appendTo(out, "  ");
    chains(out);
    return out.toString();
  }

  /** Per chain: runs, and what its finished steps were estimated at against what every attempt cost. */
  private void chains(StringBuilder out) {
    if (report.chains().isEmpty()) return;
    out.append("\nBy chain (estimates of the steps that succeeded against the actual cost of every attempt)\n");
    TextTable t = new TextTable("lrrlrrrr", "Chain", "Runs", "Entries", "Currency", "Estimated", "Actual", "Difference",
        "Drift");
    for (LedgerReport.ChainTotal c : report.chains()) {
      t.row(c.chain(), String.valueOf(c.runs()), String.valueOf(c.entries()), c.actual().currency().getCurrencyCode(),
          amount(c.estimated()), amount(c.actual()), signed(c.difference()), percent(c));
    }
    t.appendTo(out, "  ");
  }

  private void totals(StringBuilder out, String heading, String column, SortedMap<String, Money> totals,
      SortedMap<String, Integer> counts) {
    out.append('\n').append(heading).append('\n');
    TextTable t = new TextTable("lrr", column, "Entries", "Charged (" + report.currency().getCurrencyCode() + ")");
    totals.forEach((k, m) -> t.row(k, String.valueOf(counts.getOrDefault(k, 0)), amount(m)));
    t.appendTo(out, "  ");
  }
}
