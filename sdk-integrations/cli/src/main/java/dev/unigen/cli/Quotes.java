package dev.unigen.cli;

import dev.unigen.catalog.Capabilities;
import dev.unigen.catalog.Offer;
import dev.unigen.money.Money;
import dev.unigen.pricing.PriceRule;
import dev.unigen.pricing.PricingException;
import dev.unigen.request.Request;
import dev.unigen.routing.Exclusion;
import dev.unigen.routing.Plan;
import dev.unigen.routing.Quote;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Prints a selector's {@link Plan}: the ranked offers with their prices, then every offer left out and why. */
final class Quotes {
  private Quotes() {}

  static void print(Plan plan, PrintWriter out) {
    List<Quote> quotes = plan.quotes();
    if (quotes.isEmpty()) {
      out.println("No offer can serve this request.");
    } else {
      Table t = new Table("#", "offer", "rule", "estimate", "as of");
      for (int i = 0; i < quotes.size(); i++) {
        Quote q = quotes.get(i);
        t.row(String.valueOf(i + 1), q.offer().key(), q.rule(), estimate(q, plan.request()), q.offer().asOf().toString());
      }
      t.print(out, "  ");
      out.println();
      out.println("Offers ranked:");
      for (int i = 0; i < quotes.size(); i++) {
        Offer o = quotes.get(i).offer();
        out.println("  " + (i + 1) + ". " + o.key() + "  endpoint " + o.endpoint(plan.request().task()));
        out.println("     source " + o.source());
      }
    }
    if (!plan.excluded().isEmpty()) {
      out.println();
      out.println("Left out:");
      Table t = new Table("offer", "reason", "detail");
      for (Exclusion e : plan.excluded()) t.row(e.offer().key(), e.reason().name(), e.detail());
      t.print(out, "  ");
    }
  }

  /** The quote's estimate; when it was converted, the rule's own amount beside it. */
  private static String estimate(Quote q, Request request) {
    if (q.estimate().isEmpty()) return "unpriced";
    return plain(q.estimate().get()) + ruleEstimate(q, request).map(own -> " (" + plain(own) + ")").orElse("");
  }

  /** The estimate in the price rule's own currency, when the quote's was converted from it; else empty. */
  static Optional<Money> ruleEstimate(Quote q, Request request) {
    PriceRule rule = q.offer().price().orElse(null);
    if (q.estimate().isEmpty() || rule == null || rule.currency().equals(q.estimate().get().currency())) {
      return Optional.empty();
    }
    Capabilities caps = q.offer().capabilities();
    try {
      return Optional.of(rule.estimate(request, caps.defaultSize().orElse(PriceRule.DEFAULT_SIZE),
          caps.defaultDuration().orElse(PriceRule.DEFAULT_DURATION)));
    } catch (PricingException | ArithmeticException e) {
      // The selector priced it, so the rule can; if not, the converted amount stands alone.
      return Optional.empty();
    }
  }

  /** An amount without the trailing zeros exact arithmetic leaves, and its currency: {@code 0.0006 USD}. */
  static String plain(Money m) {
    return plain(m.amount()) + " " + m.currency().getCurrencyCode();
  }

  static String plain(BigDecimal d) {
    BigDecimal s = d.stripTrailingZeros();
    return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
  }

  /** Columns padded to their widest cell, left-aligned. */
  static final class Table {
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    Table(String... header) {
      columns = header.length;
      rows.add(header);
    }

    void row(String... cells) {
      if (cells.length != columns) throw new IllegalArgumentException("expected " + columns + " cells");
      rows.add(cells);
    }

    int size() {
      return rows.size() - 1;
    }

    void print(PrintWriter out, String indent) {
      int[] width = new int[columns];
      for (String[] r : rows) for (int i = 0; i < columns; i++) width[i] = Math.max(width[i], r[i].length());
      for (String[] r : rows) {
        StringBuilder line = new StringBuilder(indent);
        for (int i = 0; i < columns; i++) {
          line.append(r[i]);
          if (i < columns - 1) line.append(" ".repeat(width[i] - r[i].length() + 2));
        }
        out.println(line.toString().stripTrailing());
      }
    }
  }
}
