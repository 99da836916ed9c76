package dev.unigen.cli;

import dev.unigen.money.FxRates;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Option;

/** {@code --currency} and {@code --fx}: the currency to report in and the exchange rates to get there. */
final class MoneyOptions {
  // Converted amounts keep this many places; the planner converts exactly and divides to 20 places itself.
  static final int SCALE = 12;

  @Option(names = "--currency", paramLabel = "CODE", converter = Converters.CurrencyConverter.class,
      description = "Report in this currency (ISO 4217, such as IDR). Default: USD, or for plan the workload file's currency.")
  Currency currency;

  @Option(names = "--fx", paramLabel = "FROM:TO=RATE", converter = Converters.RateConverter.class,
      description = "An exchange rate, units of TO per FROM, such as USD:IDR=16000. Repeatable; for plan it wins over"
          + " a rate the workload file states for the same pair.")
  List<Converters.Rate> rates = new ArrayList<>();

  /** The currency asked for, else {@code fallback}. */
  Currency currency(Optional<Currency> fallback) {
    if (currency != null) return currency;
    return fallback.orElse(Currency.getInstance("USD"));
  }

  /** The rates given with {@code --fx}. */
  FxRates fxRates() {
    return fxRates(FxRates.none());
  }

  /**
   * The rates {@code base} states, with those given by {@code --fx} laid over them. {@link FxRates}
   * cannot list its pairs, so every pair of currencies the JDK knows is asked for.
   */
  FxRates fxRates(FxRates base) {
    FxRates.Builder b = FxRates.builder().scale(SCALE);
    Set<Currency> all = Currency.getAvailableCurrencies();
    for (Currency from : all) {
      for (Currency to : all) {
        if (from.equals(to)) continue;
        Optional<BigDecimal> r = base.rate(from, to);
        if (r.isPresent()) b.rate(from, to, r.get());
      }
    }
    for (Converters.Rate r : rates) b.rate(r.from, r.to, r.rate);
    return b.build();
  }

  /** "1 USD = 16000 IDR" for each rate given on the command line; empty if none. */
  List<String> describe() {
    List<String> out = new ArrayList<>();
    for (Converters.Rate r : rates) out.add("1 " + r.from.getCurrencyCode() + " = " + r.rate.toPlainString() + " " + r.to.getCurrencyCode());
    return out;
  }
}
