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

/** The in-memory {@link Budget}: state for one process, behind one lock. Threadsafe. */
final class MemoryBudget implements Budget {
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

  MemoryBudget(Budget.Builder b) {
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

  /** The currency spend is kept and reported in: that of the caps, or US dollars when there are none. */
  @Override
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
  @Override
  public Reservation reserve(Money estimate, Map<String, String> tags) {
    return hold(estimate, tags, true);
  }

  @Override
  public boolean spend(Money actual, Map<String, String> tags) {
    Objects.requireNonNull(actual, "actual");
    return hold(Money.zero(actual.currency()), tags, false).commit(actual);
  }

  /** Reserves {@code estimate}; with {@code check} false no cap can refuse it (money already spent). */
  private Held hold(Money estimate, Map<String, String> tags, boolean check) {
    Objects.requireNonNull(estimate, "estimate");
    Map<String, String> tagCopy = Map.copyOf(tags);
    if (estimate.isNegative()) throw new IllegalArgumentException("negative estimate: " + estimate);
    BigDecimal amount = toBudgetCurrency(estimate);
    if (check && maxPerRequest != null && amount.compareTo(maxPerRequest) > 0) {
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

    synchronized (lock) {
      pruneBefore(day);
      // Check every cap before touching any window, so a refusal reserves nothing.
      for (Check c : checks) {
        if (!check || c.cap == null) continue;
        Window w = windows.get(c.key);
        BigDecimal spent = w == null ? BigDecimal.ZERO : w.spent;
        BigDecimal reserved = w == null ? BigDecimal.ZERO : w.reserved;
        if (spent.add(reserved).add(amount).compareTo(c.cap) > 0) {
          throw c.key.tagKey == null
              ? new BudgetExceededException(c.kind, money(c.cap), money(spent), money(reserved), money(amount))
              : new BudgetExceededException(c.kind, c.key.tagKey, c.key.tagValue,
                  money(c.cap), money(spent), money(reserved), money(amount));
        }
      }
      for (Check c : checks) {
        Window w = windows.computeIfAbsent(c.key, k -> new Window());
        w.reserved = w.reserved.add(amount);
        w.holds++;
      }
      reservedTotal = reservedTotal.add(amount);
    }
    return new Held(this, estimate, amount, checks);
  }

  /** Returns what was spent (committed) so far in the current calendar day. */
  @Override
  public Money spentToday() {
    return spentIn(new WindowKey(null, null, today()));
  }

  /** Returns what was spent (committed) so far in the current calendar month. */
  @Override
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
  @Override
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
  @Override
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
   * {@code actual} (in the budget's currency, zero for a release) to their spend. Returns true
   * if that took a cap over its limit; false as well if it was already settled.
   */
  boolean settle(Held r, BigDecimal actual) {
    synchronized (lock) {
      if (r.settled) return false;
      r.settled = true;
      boolean overran = false;
      for (Check c : r.checks) {
        // A window with holds is never pruned, so it is still here.
        Window w = windows.get(c.key);
        w.reserved = w.reserved.subtract(r.reservedAmount);
        w.spent = w.spent.add(actual);
        w.holds--;
        if (c.cap != null && actual.signum() > 0 && w.spent.compareTo(c.cap) > 0) overran = true;
      }
      reservedTotal = reservedTotal.subtract(r.reservedAmount);
      return overran;
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
  static final class Check {
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

  /** A reservation of this budget; settled once, under the budget's lock. */
  static final class Held implements Reservation {
    private final MemoryBudget budget;
    private final Money amount;
    final BigDecimal reservedAmount;
    final List<Check> checks;
    // Guarded by the budget's lock.
    boolean settled;

    Held(MemoryBudget budget, Money amount, BigDecimal reservedAmount, List<Check> checks) {
      this.budget = budget;
      this.amount = amount;
      this.reservedAmount = reservedAmount;
      this.checks = List.copyOf(checks);
    }

    @Override
    public Money amount() {
      return amount;
    }

    @Override
    public boolean commit(Money actual) {
      Objects.requireNonNull(actual, "actual");
      if (actual.isNegative()) throw new IllegalArgumentException("negative actual: " + actual);
      return budget.settle(this, budget.toBudgetCurrency(actual));
    }

    @Override
    public void release() {
      budget.settle(this, BigDecimal.ZERO);
    }

    @Override
    public String toString() {
      return "Reservation(" + amount + ")";
    }
  }
}
