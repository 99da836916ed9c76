package dev.unigen.cli;

import dev.unigen.budget.Budget;
import dev.unigen.money.FxRates;
import dev.unigen.money.Money;
import dev.unigen.request.ControlNet;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Turns option values into Unigen's types, with messages that say what a good value looks like. */
final class Converters {
  private Converters() {}

  /** An exchange rate given on the command line: {@code rate} units of {@code to} per {@code from}. */
  static final class Rate {
    final Currency from;
    final Currency to;
    final BigDecimal rate;

    Rate(Currency from, Currency to, BigDecimal rate) {
      this.from = from;
      this.to = to;
      this.rate = rate;
    }

    @Override
    public String toString() {
      return from.getCurrencyCode() + ":" + to.getCurrencyCode() + "=" + rate.toPlainString();
    }
  }

  static Currency currency(String code) {
    try {
      Currency c = Currency.getInstance(code.strip().toUpperCase(Locale.ROOT));
      if (code.strip().length() != 3) throw new IllegalArgumentException();
      return c;
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException("unknown currency '" + code + "' (give an ISO 4217 code such as USD, EUR or IDR)");
    }
  }

  /** {@code --currency IDR}. */
  static final class CurrencyConverter implements ITypeConverter<Currency> {
    @Override
    public Currency convert(String value) {
      return currency(value);
    }
  }

  private static final Pattern RATE = Pattern.compile("([A-Za-z]{3})[:/]([A-Za-z]{3})=(.+)");

  /** {@code --fx USD:IDR=16000}: 16,000 IDR per USD. */
  static final class RateConverter implements ITypeConverter<Rate> {
    @Override
    public Rate convert(String value) {
      Matcher m = RATE.matcher(value.strip());
      if (!m.matches()) {
        throw new TypeConversionException("'" + value + "' is not a rate: give FROM:TO=RATE, units of TO per FROM,"
            + " such as USD:IDR=16000");
      }
      Currency from = currency(m.group(1));
      Currency to = currency(m.group(2));
      if (from.equals(to)) throw new TypeConversionException("'" + value + "' converts a currency to itself");
      BigDecimal rate;
      try {
        rate = new BigDecimal(m.group(3).replace("_", ""));
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + m.group(3) + "' in '" + value + "' is not a decimal number");
      }
      if (rate.signum() <= 0) throw new TypeConversionException("the rate in '" + value + "' must be positive");
      return new Rate(from, to, rate);
    }
  }

  /** {@code --size 1024x768}. */
  static final class SizeConverter implements ITypeConverter<Size> {
    @Override
    public Size convert(String value) {
      try {
        return Size.parse(value.strip().toLowerCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + value + "' is not a size: give WIDTHxHEIGHT in pixels, such as 1024x1024");
      }
    }
  }

  private static final Pattern SECONDS = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(s|sec|secs|seconds?)?");
  private static final Pattern MILLIS = Pattern.compile("(\\d+)\\s*ms");
  private static final Pattern MINUTES = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(m|min|minutes?)");

  /** {@code --duration 5s}; also {@code 5}, {@code 1.5s}, {@code 500ms}, {@code 2m} and ISO-8601 {@code PT5S}. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.strip().toLowerCase(Locale.ROOT);
      Duration d = null;
      Matcher m;
      if ((m = MILLIS.matcher(v)).matches()) {
        d = Duration.ofMillis(Long.parseLong(m.group(1)));
      } else if ((m = SECONDS.matcher(v)).matches()) {
        d = millis(new BigDecimal(m.group(1)));
      } else if ((m = MINUTES.matcher(v)).matches()) {
        d = millis(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(60)));
      } else if (v.startsWith("pt")) {
        try {
          d = Duration.parse(value.strip().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
          d = null;
        }
      }
      if (d == null) throw new TypeConversionException("'" + value + "' is not a duration: give seconds such as 5s or 7.5s");
      if (d.isZero() || d.isNegative()) throw new TypeConversionException("the duration '" + value + "' must be positive");
      return d;
    }

    private static Duration millis(BigDecimal seconds) {
      try {
        return Duration.ofMillis(seconds.movePointRight(3).longValueExact());
      } catch (ArithmeticException e) {
        throw new TypeConversionException("'" + seconds.toPlainString() + "' s: give at most millisecond precision");
      }
    }
  }

  /** {@code --task text-to-video}: a task's name as in the catalog. */
  static final class TaskConverter implements ITypeConverter<Task> {
    @Override
    public Task convert(String value) {
      return Task.fromWireName(value.strip().toLowerCase(Locale.ROOT))
          .orElseThrow(() -> new TypeConversionException("unknown task '" + value + "'; tasks: " + taskNames()));
    }
  }

  static String taskNames() {
    List<String> names = new ArrayList<>();
    for (Task t : Task.values()) names.add(t.wireName());
    return String.join(", ", names);
  }

  /** {@code --controlnet openpose}. */
  static final class ControlNetConverter implements ITypeConverter<ControlNet.Kind> {
    @Override
    public ControlNet.Kind convert(String value) {
      return ControlNet.Kind.fromWireName(value.strip().toLowerCase(Locale.ROOT)).orElseThrow(() -> {
        List<String> names = new ArrayList<>();
        for (ControlNet.Kind k : ControlNet.Kind.values()) names.add(k.wireName());
        return new TypeConversionException("unknown ControlNet kind '" + value + "'; kinds: " + String.join(", ", names));
      });
    }
  }

  /** A spend cap given with {@code --budget}: {@code cap} for one request, a calendar day or a calendar month. */
  static final class BudgetCap {
    /** What the cap is counted over. */
    enum Period {
      /** The one request the command sends. */
      REQUEST,
      /** A calendar day (UTC). */
      DAY,
      /** A calendar month (UTC). */
      MONTH
    }

    final Money cap;
    final Period period;

    BudgetCap(Money cap, Period period) {
      this.cap = cap;
      this.period = period;
    }

    /** The budget holding this cap, converting other currencies with {@code fx}, on {@code clock}. */
    Budget budget(FxRates fx, Clock clock) {
      Budget.Builder b = Budget.builder().fxRates(fx).clock(clock);
      switch (period) {
        case DAY: b.perDay(cap); break;
        case MONTH: b.perMonth(cap); break;
        default: b.maxPerRequest(cap); break;
      }
      return b.build();
    }

    /** {@code 5 USD a day}. */
    String describe() {
      String amount = Quotes.plain(cap);
      switch (period) {
        case DAY: return amount + " a day";
        case MONTH: return amount + " a month";
        default: return "at most " + amount + " for this request";
      }
    }

    @Override
    public String toString() {
      return Quotes.plain(cap.amount()) + cap.currency().getCurrencyCode()
          + (period == Period.REQUEST ? "" : "/" + period.name().toLowerCase(Locale.ROOT));
    }
  }

  private static final Pattern BUDGET = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([A-Za-z]{3})?\\s*(?:/\\s*([A-Za-z]+))?");

  /**
   * {@code --budget 5USD/day}: an amount, its currency (US dollars when left out) and what it caps,
   * {@code /day} or {@code /month}; a plain amount ({@code 0.50USD}, or {@code /request}) caps the
   * one request.
   */
  static final class BudgetConverter implements ITypeConverter<BudgetCap> {
    @Override
    public BudgetCap convert(String value) {
      Matcher m = BUDGET.matcher(value.strip());
      if (!m.matches()) {
        throw new TypeConversionException("'" + value + "' is not a budget: give AMOUNT[CURRENCY][/day|/month], such as"
            + " 5USD/day, 100USD/month, or 0.50USD for this one request");
      }
      Currency currency = m.group(2) == null ? Currency.getInstance("USD") : currency(m.group(2));
      String per = m.group(3) == null ? "request" : m.group(3).toLowerCase(Locale.ROOT);
      BudgetCap.Period period;
      switch (per) {
        case "day": period = BudgetCap.Period.DAY; break;
        case "month": period = BudgetCap.Period.MONTH; break;
        case "request": period = BudgetCap.Period.REQUEST; break;
        default:
          throw new TypeConversionException("'" + value + "': a budget is per day, per month or for this request"
              + " (/day, /month, or no period), not per " + m.group(3));
      }
      return new BudgetCap(Money.of(new BigDecimal(m.group(1)), currency), period);
    }
  }

  /** {@code --max-cost 0.05}: a decimal amount, in the currency of the command. */
  static final class DecimalConverter implements ITypeConverter<BigDecimal> {
    @Override
    public BigDecimal convert(String value) {
      try {
        BigDecimal d = new BigDecimal(value.strip());
        if (d.signum() < 0) throw new TypeConversionException("'" + value + "' must not be negative");
        return d;
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a decimal number such as 0.05");
      }
    }
  }
}
