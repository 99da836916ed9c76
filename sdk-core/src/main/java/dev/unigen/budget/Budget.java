package dev.unigen.budget;

import dev.unigen.money.CurrencyMismatchException;
import dev.unigen.money.FxRates;
import dev.unigen.money.Money;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A spend guard that holds hard caps under concurrency. Before a paid call, {@link #reserve}
 * checks every cap that applies and sets the estimate aside; after it, the returned
 * {@link Reservation} is committed with the actual cost or released when nothing was spent.
 *
 * <p>A cap holds when, for its current period, <em>spent + reserved + estimate ≤ cap</em>. Caps:
 * a per-request cap on the estimate alone; per-day and per-month caps on the whole budget; and
 * per-tag caps applied separately to each value of a tag, so {@code perTagPerDay("user",
 * Money.usd("1.00"))} gives every user id its own $1 a day. A request without the tag is not
 * subject to that tag's caps. Days and months are calendar periods in the budget's
 * {@linkplain Builder#zone zone}, read from its {@linkplain Builder#clock clock}: a new period starts
 * from zero, and a reservation made in an earlier period is settled against the period it was
 * made in.
 *
 * <p>Spend is kept in one currency, the currency of the caps (US dollars when there are none).
 * Amounts in another currency are converted with the budget's {@link FxRates}, rounded to their
 * scale; without a rate they are refused with {@link CurrencyMismatchException}.
 *
 * <p>{@link #builder()} makes the embedded default, which keeps state in memory for one process;
 * another backend (a database shared by many processes) implements this interface.
 * Implementations are threadsafe.
 *
 * <pre>{@code
 * Budget budget = Budget.builder()
 *     .perDay(Money.usd("5.00"))
 *     .perTagPerDay("user", Money.usd("1.00"))
 *     .build();
 * try (Reservation r = budget.reserve(estimate, Map.of("user", "u-42"))) {
 *   Money actual = callTheProvider();
 *   r.commit(actual);
 * } // released if the call threw before the commit
 * }</pre>
 */
public interface Budget {
  /** Returns a budget with no caps: it never refuses, and still counts what is spent. */
  static Budget unlimited() {
    return builder().build();
  }

  /**
   * Returns a budget that caps each calendar day (UTC) at {@code cap}.
   *
   * @throws IllegalArgumentException if {@code cap} is negative
   */
  static Budget perDay(Money cap) {
    return builder().perDay(cap).build();
  }

  /**
   * Returns a budget that caps each calendar month (UTC) at {@code cap}.
   *
   * @throws IllegalArgumentException if {@code cap} is negative
   */
  static Budget perMonth(Money cap) {
    return builder().perMonth(cap).build();
  }

  /** Returns a builder for a budget with no caps, the UTC system clock and zone, and no exchange rates. */
  static Builder builder() {
    return new Builder();
  }

  /** The currency spend is kept and reported in: that of the caps, or US dollars when there are none. */
  Currency currency();

  /**
   * Checks every cap that applies to a request with {@code tags} and, if all hold, reserves
   * {@code estimate} against them until the returned reservation is committed or released.
   *
   * @throws BudgetExceededException if a cap would be exceeded; nothing is reserved then
   * @throws CurrencyMismatchException if {@code estimate} is in another currency than the budget
   *     and the budget has no rate for it
   * @throws IllegalArgumentException if {@code estimate} is negative
   * @throws NullPointerException if an argument, a tag key or a tag value is null
   */
  Reservation reserve(Money estimate, Map<String, String> tags);

  /**
   * Counts {@code actual}, money already spent (a result paid for before a restart, say), against
   * the current periods of a request with {@code tags}, whatever the caps say: spent money is
   * never refused, only reported.
   *
   * @return true if it took a cap over its limit (an overrun, to be reported)
   * @throws CurrencyMismatchException if {@code actual} is in another currency than the budget
   *     and the budget has no rate for it
   * @throws IllegalArgumentException if {@code actual} is negative
   */
  boolean spend(Money actual, Map<String, String> tags);

  /** Returns what was spent (committed) so far in the current calendar day. */
  Money spentToday();

  /** Returns what was spent (committed) so far in the current calendar month. */
  Money spentThisMonth();

  /**
   * Returns what was spent in the current day ({@link ChronoUnit#DAYS}) or month
   * ({@link ChronoUnit#MONTHS}) by requests tagged {@code tagKey=tagValue}.
   *
   * @throws IllegalArgumentException if the budget does not count that tag key's spend, or
   *     {@code period} is neither {@code DAYS} nor {@code MONTHS}
   */
  Money spent(String tagKey, String tagValue, ChronoUnit period);

  /** Returns the total of every reservation not yet committed or released. */
  Money reserved();

  /**
   * Configures the in-memory {@link Budget}. Every cap is optional; all caps must be in one currency. Not
   * threadsafe.
   */
  final class Builder {
    Money maxPerRequest;
    Money perDay;
    Money perMonth;
    final Map<String, Money> perTagPerDay = new LinkedHashMap<>();
    final Map<String, Money> perTagPerMonth = new LinkedHashMap<>();
    Clock clock = Clock.systemUTC();
    ZoneId zone = ZoneOffset.UTC;
    FxRates fxRates = FxRates.none();

    private Builder() {}

    /**
     * Refuses any single request whose estimate is over {@code cap}.
     *
     * @throws IllegalArgumentException if {@code cap} is negative
     */
    public Builder maxPerRequest(Money cap) {
      this.maxPerRequest = requireCap(cap);
      return this;
    }

    /**
     * Caps the spend of each calendar day at {@code cap}.
     *
     * @throws IllegalArgumentException if {@code cap} is negative
     */
    public Builder perDay(Money cap) {
      this.perDay = requireCap(cap);
      return this;
    }

    /**
     * Caps the spend of each calendar month at {@code cap}.
     *
     * @throws IllegalArgumentException if {@code cap} is negative
     */
    public Builder perMonth(Money cap) {
      this.perMonth = requireCap(cap);
      return this;
    }

    /**
     * Caps the daily spend of each value of tag {@code tagKey} separately: with
     * {@code perTagPerDay("user", Money.usd("1.00"))} every user id gets $1 a day. Replaces an
     * earlier cap for the same key.
     *
     * @throws IllegalArgumentException if {@code tagKey} is blank or {@code cap} is negative
     */
    public Builder perTagPerDay(String tagKey, Money cap) {
      perTagPerDay.put(requireKey(tagKey), requireCap(cap));
      return this;
    }

    /**
     * Caps the monthly spend of each value of tag {@code tagKey} separately. Replaces an earlier
     * cap for the same key.
     *
     * @throws IllegalArgumentException if {@code tagKey} is blank or {@code cap} is negative
     */
    public Builder perTagPerMonth(String tagKey, Money cap) {
      perTagPerMonth.put(requireKey(tagKey), requireCap(cap));
      return this;
    }

    /** Sets the clock periods are read from; the default is the UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Sets the zone whose midnights start days and months; the default is UTC. */
    public Builder zone(ZoneId zone) {
      this.zone = Objects.requireNonNull(zone, "zone");
      return this;
    }

    /** Sets the rates amounts in other currencies are converted with; the default has none. */
    public Builder fxRates(FxRates fxRates) {
      this.fxRates = Objects.requireNonNull(fxRates, "fxRates");
      return this;
    }

    /**
     * Returns a new budget with nothing spent or reserved.
     *
     * @throws IllegalArgumentException if the caps are in more than one currency
     */
    public Budget build() {
      return new MemoryBudget(this);
    }

    List<Money> allCaps() {
      List<Money> caps = new ArrayList<>();
      if (maxPerRequest != null) caps.add(maxPerRequest);
      if (perDay != null) caps.add(perDay);
      if (perMonth != null) caps.add(perMonth);
      caps.addAll(perTagPerDay.values());
      caps.addAll(perTagPerMonth.values());
      return caps;
    }

    private static Money requireCap(Money cap) {
      Objects.requireNonNull(cap, "cap");
      if (cap.isNegative()) throw new IllegalArgumentException("negative cap: " + cap);
      return cap;
    }

    private static String requireKey(String tagKey) {
      Objects.requireNonNull(tagKey, "tagKey");
      if (tagKey.isBlank()) throw new IllegalArgumentException("blank tag key");
      return tagKey;
    }
  }
}
