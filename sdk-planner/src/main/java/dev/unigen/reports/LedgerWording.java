package dev.unigen.reports;

import dev.unigen.money.Money;
import java.time.Instant;

/**
 * What the text and HTML renderings of a ledger report both say, and how they round: amounts to
 * the report's scale, drift signed.
 */
abstract class LedgerWording {
  final LedgerReport report;
  final int scale;

  LedgerWording(LedgerReport report) {
    this.report = report;
    this.scale = report.scale();
  }

  /** The whole rendering. */
  abstract String render();

  final String amount(Money m) {
    return Fmt.fixed(m, scale);
  }

  final String range() {
    Instant from = report.from();
    Instant to = report.to();
    boolean open = from.equals(Instant.MIN) && to.equals(Instant.MAX);
    return open ? "all entries" : "from " + (from.equals(Instant.MIN) ? "the start" : from.toString())
        + " to " + (to.equals(Instant.MAX) ? "the end" : to.toString()) + " (exclusive)";
  }

  final String subtitle() {
    return range() + " · " + Fmt.plural(report.entries(), "entry", "entries") + " · charged "
        + amount(report.total()) + " " + report.currency().getCurrencyCode();
  }

  final String precision() {
    return "Charged is the actual cost less any included subscription credit; an entry with no known actual counts"
        + " zero. Amounts in " + report.currency().getCurrencyCode() + " (drift in each entry's currency), rounded"
        + " half-even to " + scale + " decimal places for display; computed exactly.";
  }

  /** The chain's actual against its estimate as a percentage, {@code +} when it cost more. */
  static String percent(LedgerReport.ChainTotal c) {
    return c.ratio().map(r -> (r.signum() > 0 ? "+" : "") + Fmt.percent(r)).orElse("—");
  }

  /** The drift ratio as a percentage, {@code +} when bills came in above quotes. */
  static String percent(LedgerReport.Drift d) {
    return d.ratio().map(r -> (r.signum() > 0 ? "+" : "") + Fmt.percent(r)).orElse("—");
  }

  final String signed(Money m) {
    return (m.amount().signum() > 0 ? "+" : "") + amount(m);
  }
}
