package dev.unigen.budget;

import dev.unigen.budget.BudgetExceededException.Cap;
import dev.unigen.money.CurrencyMismatchException;
import dev.unigen.money.FxRates;
import dev.unigen.money.Money;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.Iterator;
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
 * <p>State is kept in memory, for one process. This class is threadsafe.
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
public final class Budget {
  private static final Currency USD = Currency.getInstance("USD");

  private final Currency currency;
  private final BigDecimal maxPerRequest;
  private final BigDecimal perDay;
  private final BigDecimal perMonth;
  private final Map<String, BigDecimal> perTagPerDay;
  private final Map<String, BigDecimal> perTagPerMonth;
  private final Clock clock;
  private final ZoneId zone;
  private final FxRates fxRates;

  // Guarded by lock: one window per scope (whole budget or one tag value) and period.
  private final Object lock = new Object();
  private final Map<WindowKey, Window> windows = new HashMap<>();
  private BigDecimal reservedTotal = BigDecimal.ZERO;
  private LocalDate prunedThrough;

  private Budget(Builder b) {
    Currency c = null;
    for (Money cap : b.allCaps()) {
      if (c != null && !c.equals(cap.currency())) {
        throw new IllegalArgumentException("all caps of a budget must be in one currency: "
            + c.getCurrencyCode() + " and " + cap.currency().getCurrencyCode());
      }
      c = cap.currency();
    }
    currency = c == null ? USD : c;
    maxPerRequest = amountOrNull(b.maxPerRequest);
    perDay = amountOrNull(b.perDay);
    perMonth = amountOrNull(b.perMonth);
    perTagPerDay = amounts(b.perTagPerDay);
    perTagPerMonth = amounts(b.perTagPerMonth);
    clock = b.clock;
    zone = b.zone;
    fxRates = b.fxRates;
  }

  /** Returns a budget with no caps: it never refuses, and still counts what is spent. */
  public static Budget unlimited() {
    return builder().build();
  }

  /**
   * Returns a budget that caps each calendar day (UTC) at {@code cap}.
   *
   * @throws IllegalArgumentException if {@code cap} is negative
   */
  public static Budget perDay(Money cap) {
    return builder().perDay(cap).build();
  }

  /**
   * Returns a budget that caps each calendar month (UTC) at {@code cap}.
   *
   * @throws IllegalArgumentException if {@code cap} is negative
   */
  public static Budget perMonth(Money cap) {
    return builder().perMonth(cap).build();
  }

  /** Returns a builder for a budget with no caps, the UTC system clock and zone, and no exchange rates. */
  public static Builder builder() {
    return new Builder();
  }

  /** The currency spend is kept and reported in: that of the caps, or US dollars when there are none. */
  public Currency currency() {
    return currency;
  }

  /**
   * Checks every cap that applies to a request with {@code tags} and, if all hold, reserves
   * {@code estimate} against them until the returned reservation is committed or released.
   *
   * @throws BudgetExceededException if a cap would be exceeded; nothing is reserved then
   * @throws CurrencyMismatchException if {@code estimate} is in another currency than the budget
   *     and the budget's {@link FxRates} have no rate for it
   * @throws IllegalArgumentException if {@code estimate} is negative
   * @throws NullPointerException if an argument, a tag key or a tag value is null
   */
  public Reservation reserve(Money estimate, Map<String, String> tags) {
    Objects.requireNonNull(estimate, "estimate");
    Map<String, String> tagCopy = Map.copyOf(tags);
    if (estimate.isNegative()) throw new IllegalArgumentException("negative estimate: " + estimate);
    BigDecimal amount = toBudgetCurrency(estimate);
    if (maxPerRequest != null && amount.compareTo(maxPerRequest) > 0) {
      throw new BudgetExceededException(Cap.PER_REQUEST, money(maxPerRequest), money(BigDecimal.ZERO),
          money(BigDecimal.ZERO), money(amount));
    }

    Instant now = clock.instant();
    LocalDate day = LocalDate.ofInstant(now, zone);
    YearMonth month = YearMonth.from(day);
    List<Check> checks = new ArrayList<>();
    // The budget-wide windows are always kept, capped or not, so spentToday() and spentThisMonth() work.
    checks.add(new Check(new WindowKey(null, null, day), perDay, Cap.PER_DAY));
    checks.add(new Check(new WindowKey(null, null, month), perMonth, Cap.PER_MONTH));
    for (Map.Entry<String, String> tag : tagCopy.entrySet()) {
      String key = tag.getKey();
      if (perTagPerDay.containsKey(key) || perTagPerMonth.containsKey(key)) {
        checks.add(new Check(new WindowKey(key, tag.getValue(), day), perTagPerDay.get(key), Cap.PER_DAY));
        checks.add(new Check(new WindowKey(key, tag.getValue(), month), perTagPerMonth.get(key), Cap.PER_MONTH));
      }
    }

    List<WindowKey> keys = new ArrayList<>(checks.size());
    synchronized (lock) {
      pruneBefore(day);
      // Check every cap before touching any window, so a refusal reserves nothing.
      for (Check check : checks) {
        if (check.cap == null) continue;
        Window w = windows.get(check.key);
        BigDecimal spent = w == null ? BigDecimal.ZERO : w.spent;
        BigDecimal reserved = w == null ? BigDecimal.ZERO : w.reserved;
        if (spent.add(reserved).add(amount).compareTo(check.cap) > 0) {
          throw check.key.tagKey == null
              ? new BudgetExceededException(check.kind, money(check.cap), money(spent), money(reserved), money(amount))
              : new BudgetExceededException(check.kind, check.key.tagKey, check.key.tagValue,
                  money(check.cap), money(spent), money(reserved), money(amount));
        }
      }
      for (Check check : checks) {
        Window w = windows.computeIfAbsent(check.key, k -> new Window());
        w.reserved = w.reserved.add(amount);
        w.holds++;
        keys.add(check.key);
      }
      reservedTotal = reservedTotal.add(amount);
    }
    return new Reservation(this, estimate, amount, keys);
  }

  /** Returns what was spent (committed) so far in the current calendar day. */
  public Money spentToday() {
    return spentIn(new WindowKey(null, null, today()));
  }

  /** Returns what was spent (committed) so far in the current calendar month. */
  public Money spentThisMonth() {
    return spentIn(new WindowKey(null, null, YearMonth.from(today())));
  }

  /**
   * Returns what was spent in the current day ({@link ChronoUnit#DAYS}) or month
   * ({@link ChronoUnit#MONTHS}) by requests tagged {@code tagKey=tagValue}. Spend is counted per
   * tag value only for tag keys that have a per-tag cap.
   *
   * @throws IllegalArgumentException if {@code tagKey} has no per-tag cap, or {@code period} is
   *     neither {@code DAYS} nor {@code MONTHS}
   */
  public Money spent(String tagKey, String tagValue, ChronoUnit period) {
    Objects.requireNonNull(tagValue, "tagValue");
    if (!perTagPerDay.containsKey(tagKey) && !perTagPerMonth.containsKey(tagKey)) {
      throw new IllegalArgumentException("no per-tag cap for tag key '" + tagKey + "', so its spend is not counted");
    }
    LocalDate day = today();
    if (period == ChronoUnit.DAYS) return spentIn(new WindowKey(tagKey, tagValue, day));
    if (period == ChronoUnit.MONTHS) return spentIn(new WindowKey(tagKey, tagValue, YearMonth.from(day)));
    throw new IllegalArgumentException("period must be DAYS or MONTHS: " + period);
  }

  /** Returns the total of every reservation not yet committed or released, whatever period it was made in. */
  public Money reserved() {
    synchronized (lock) {
      return money(reservedTotal);
    }
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("Budget(");
    if (maxPerRequest != null) s.append("perRequest ").append(money(maxPerRequest)).append(", ");
    if (perDay != null) s.append("perDay ").append(money(perDay)).append(", ");
    if (perMonth != null) s.append("perMonth ").append(money(perMonth)).append(", ");
    perTagPerDay.forEach((k, v) -> s.append("perDay per ").append(k).append(' ').append(money(v)).append(", "));
    perTagPerMonth.forEach((k, v) -> s.append("perMonth per ").append(k).append(' ').append(money(v)).append(", "));
    s.append("zone ").append(zone).append(')');
    return s.toString();
  }

  /** Converts {@code amount} to the budget's currency, as a Reservation's commit needs it. */
  BigDecimal toBudgetCurrency(Money amount) {
    return fxRates.convert(amount, currency).amount();
  }

  /**
   * Settles {@code r}: releases its reserved amount from every window it holds and adds
   * {@code actual} (in the budget's currency, zero for a release) to their spend. Returns false
   * if it was already settled.
   */
  boolean settle(Reservation r, BigDecimal actual) {
    synchronized (lock) {
      if (r.settled) return false;
      r.settled = true;
      for (WindowKey key : r.keys) {
        // A window with holds is never pruned, so it is still here.
        Window w = windows.get(key);
        w.reserved = w.reserved.subtract(r.reservedAmount);
        w.spent = w.spent.add(actual);
        w.holds--;
      }
      reservedTotal = reservedTotal.subtract(r.reservedAmount);
      return true;
    }
  }

  private Money spentIn(WindowKey key) {
    synchronized (lock) {
      Window w = windows.get(key);
      return money(w == null ? BigDecimal.ZERO : w.spent);
    }
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), zone);
  }

  /** Drops windows of past periods that no reservation still holds; runs once per new day. Guarded by lock. */
  private void pruneBefore(LocalDate day) {
    if (day.equals(prunedThrough)) return;
    YearMonth month = YearMonth.from(day);
    for (Iterator<Map.Entry<WindowKey, Window>> it = windows.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<WindowKey, Window> e = it.next();
      if (e.getValue().holds > 0) continue;
      Object period = e.getKey().period;
      boolean past = period instanceof LocalDate
          ? ((LocalDate) period).isBefore(day)
          : ((YearMonth) period).isBefore(month);
      if (past) it.remove();
    }
    prunedThrough = day;
  }

  private Money money(BigDecimal amount) {
    return Money.of(amount, currency);
  }

  private static BigDecimal amountOrNull(Money m) {
    return m == null ? null : m.amount();
  }

  private static Map<String, BigDecimal> amounts(Map<String, Money> caps) {
    Map<String, BigDecimal> out = new HashMap<>();
    caps.forEach((k, v) -> out.put(k, v.amount()));
    return Map.copyOf(out);
  }

  /** One cap to check: the window it reads and its limit (null when only tracked). */
  private static final class Check {
    final WindowKey key;
    final BigDecimal cap;
    final Cap kind;

    Check(WindowKey key, BigDecimal cap, Cap kind) {
      this.key = key;
      this.cap = cap;
      this.kind = kind;
    }
  }

  /** A scope (the whole budget when tagKey is null, else one tag value) in one period (LocalDate or YearMonth). */
  static final class WindowKey {
    final String tagKey;
    final String tagValue;
    final Object period;

    WindowKey(String tagKey, String tagValue, Object period) {
      this.tagKey = tagKey;
      this.tagValue = tagValue;
      this.period = period;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof WindowKey)) return false;
      WindowKey k = (WindowKey) o;
      return Objects.equals(tagKey, k.tagKey) && Objects.equals(tagValue, k.tagValue) && period.equals(k.period);
    }

    @Override
    public int hashCode() {
      return Objects.hash(tagKey, tagValue, period);
    }
  }

  /** Spend and open reservations of one window. Guarded by the budget's lock. */
  private static final class Window {
    BigDecimal spent = BigDecimal.ZERO;
    BigDecimal reserved = BigDecimal.ZERO;
    int holds;
  }

  /**
   * Configures a {@link Budget}. Every cap is optional; all caps must be in one currency. Not
   * threadsafe.
   */
  public static final class Builder {
    private Money maxPerRequest;
    private Money perDay;
    private Money perMonth;
    private final Map<String, Money> perTagPerDay = new LinkedHashMap<>();
    private final Map<String, Money> perTagPerMonth = new LinkedHashMap<>();
    private Clock clock = Clock.systemUTC();
    private ZoneId zone = ZoneOffset.UTC;
    private FxRates fxRates = FxRates.none();

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
      return new Budget(this);
    }

    private List<Money> allCaps() {
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
