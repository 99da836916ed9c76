package dev.unigen.postgres;

import dev.unigen.budget.Budget;
import dev.unigen.budget.BudgetExceededException;
import dev.unigen.budget.BudgetExceededException.Cap;
import dev.unigen.money.CurrencyMismatchException;
import dev.unigen.money.FxRates;
import dev.unigen.money.Money;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Budget} kept in PostgreSQL, whose caps hold across every instance that uses the same
 * database and budget name: with three instances, a $5 daily cap is still $5 a day.
 *
 * <p>Caps and their semantics are those of {@link Budget#builder()} (per request, per day, per
 * month, per tag value per day and per month), plus a {@linkplain Builder#total total} cap and a
 * per-tag total cap, for credits that do not renew. A reservation is one short transaction: the
 * windows it counts against (the budget and each capped tag value, per day and month, and all
 * time where a total cap is set) are locked in a fixed order, checked, and the estimate added to
 * them, or nothing is. A commit is first recorded durably on the reservation, then applied to the
 * windows; commits and releases are idempotent by {@linkplain PostgresReservation#id() reservation
 * id}, from any instance. See docs/fleet.md for what each step rests on.
 *
 * <p>Each reservation carries a lease, renewed by the instance that made it while it runs; if the
 * instance dies, its reservations are released by any other once the lease runs out (a commit
 * that arrives after that is still counted: the money was spent). Every instance must use the
 * same caps, zone and budget name for the caps to mean one thing. Threadsafe.
 *
 * <pre>{@code
 * Budget budget = PostgresBudget.builder(db).perDay(Money.usd("5.00"))
 *     .perTagPerDay("user", Money.usd("1.00")).build();
 * }</pre>
 */
public final class PostgresBudget implements Budget, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PostgresBudget.class);
  private static final Currency USD = Currency.getInstance("USD");
  private static final String BUDGET_WIDE = "";
  private static final String TOTAL = "T";

  private final PostgresDatabase db;
  private final String name;
  private final String instance;
  private final Currency currency;
  private final BigDecimal maxPerRequest;
  private final BigDecimal perDay;
  private final BigDecimal perMonth;
  private final BigDecimal total;
  private final Map<String, BigDecimal> perTagPerDay;
  private final Map<String, BigDecimal> perTagPerMonth;
  private final Map<String, BigDecimal> perTagTotal;
  private final Clock clock;
  private final ZoneId zone;
  private final FxRates fxRates;
  private final Duration lease;
  private final ScheduledExecutorService leases;

  private PostgresBudget(Builder b, Currency currency) {
    this.db = b.db;
    this.name = b.name;
    this.instance = b.instance;
    this.currency = currency;
    this.maxPerRequest = amountOrNull(b.maxPerRequest);
    this.perDay = amountOrNull(b.perDay);
    this.perMonth = amountOrNull(b.perMonth);
    this.total = amountOrNull(b.total);
    this.perTagPerDay = amounts(b.perTagPerDay);
    this.perTagPerMonth = amounts(b.perTagPerMonth);
    this.perTagTotal = amounts(b.perTagTotal);
    this.clock = b.clock;
    this.zone = b.zone;
    this.fxRates = b.fxRates;
    this.lease = b.lease;
    this.leases = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "unigen-budget-lease-" + name);
      t.setDaemon(true);
      return t;
    });
    // Renew this instance's leases well before they run out, and release those of dead instances.
    long every = Math.max(1, lease.toMillis() / 3);
    leases.scheduleWithFixedDelay(this::maintainLeases, every, every, TimeUnit.MILLISECONDS);
  }

  /** Returns a builder for a budget named {@code default} in {@code db}, with no caps. */
  public static Builder builder(PostgresDatabase db) {
    return new Builder(Objects.requireNonNull(db, "db"));
  }

  @Override
  public Currency currency() {
    return currency;
  }

  /**
   * Checks every cap that applies to a request with {@code tags} and, if all hold, reserves
   * {@code estimate} against them in one transaction.
   *
   * @throws BudgetExceededException if a cap would be exceeded; nothing is reserved then
   * @throws CurrencyMismatchException if {@code estimate} is in another currency and the budget
   *     has no rate for it
   * @throws IllegalArgumentException if {@code estimate} is negative
   * @throws IllegalStateException if the database cannot be reached or refuses the transaction
   */
  @Override
  public PostgresReservation reserve(Money estimate, Map<String, String> tags) {
    Objects.requireNonNull(estimate, "estimate");
    List<Window> windows = windows(tags);
    if (estimate.isNegative()) throw new IllegalArgumentException("negative estimate: " + estimate);
    BigDecimal amount = toBudgetCurrency(estimate);
    if (maxPerRequest != null && amount.compareTo(maxPerRequest) > 0) {
      throw new BudgetExceededException(Cap.PER_REQUEST, money(maxPerRequest), money(BigDecimal.ZERO),
          money(BigDecimal.ZERO), money(amount));
    }
    String id = UUID.randomUUID().toString();
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement s = c.prepareStatement(
            "SELECT refused, spent, reserved FROM unigen_budget_reserve(?, ?, ?, ?, ?, ?, ?, ?,"
                + " ? * interval '1 millisecond')")) {
      s.setString(1, name);
      s.setString(2, id);
      s.setString(3, instance);
      s.setBigDecimal(4, amount);
      setWindows(c, s, 5, windows);
      s.setLong(9, lease.toMillis());
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        int refused = rs.getInt(1);
        if (refused > 0) {
          Window w = windows.get(refused - 1);
          Money spent = money(rs.getBigDecimal(2));
          Money reserved = money(rs.getBigDecimal(3));
          throw w.tagKey.equals(BUDGET_WIDE)
              ? new BudgetExceededException(w.kind(), money(w.cap), spent, reserved, money(amount))
              : new BudgetExceededException(w.kind(), w.tagKey, w.tagValue, money(w.cap), spent, reserved,
                  money(amount));
        }
      }
    } catch (SQLException e) {
      throw failure("reserve", e);
    }
    return new Held(id, estimate, tags);
  }

  @Override
  public boolean spend(Money actual, Map<String, String> tags) {
    Objects.requireNonNull(actual, "actual");
    List<Window> windows = windows(tags);
    if (actual.isNegative()) throw new IllegalArgumentException("negative actual: " + actual);
    BigDecimal amount = toBudgetCurrency(actual);
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement s = c.prepareStatement("SELECT unigen_budget_spend(?, ?, ?, ?, ?, ?)")) {
      s.setString(1, name);
      s.setBigDecimal(2, amount);
      setWindows(c, s, 3, windows);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    } catch (SQLException e) {
      throw failure("spend", e);
    }
  }

  /**
   * Commits reservation {@code reservationId}, made by any instance, with the {@code actual} cost.
   * A no-op returning false if it was already committed or released.
   *
   * @return true if the actual took a cap over its limit
   * @throws CurrencyMismatchException if {@code actual} is in another currency and the budget has
   *     no rate for it; the reservation then stays open
   * @throws IllegalArgumentException if {@code actual} is negative
   * @throws IllegalStateException if the database cannot be reached
   */
  public boolean commit(String reservationId, Money actual) {
    Objects.requireNonNull(reservationId, "reservationId");
    Objects.requireNonNull(actual, "actual");
    if (actual.isNegative()) throw new IllegalArgumentException("negative actual: " + actual);
    Integer settled = commitOnce(reservationId, toBudgetCurrency(actual));
    if (settled == null) log.warn("budget {}: no reservation {} to commit", name, reservationId);
    return settled != null && settled == 2;
  }

  /**
   * Releases reservation {@code reservationId}, made by any instance, with nothing spent. A no-op
   * if it was already settled.
   *
   * @throws IllegalStateException if the database cannot be reached
   */
  public void release(String reservationId) {
    finish(Objects.requireNonNull(reservationId, "reservationId"), "RELEASED");
  }

  /**
   * Releases every reservation of this budget whose lease ran out (its instance stopped renewing
   * it), finishes every commit a crash interrupted, and returns how many were released. Runs on
   * its own every third of a lease; call it to do it now.
   *
   * @throws IllegalStateException if the database cannot be reached
   */
  public int releaseExpired() {
    try (Connection c = db.dataSource().getConnection()) {
      List<String> committing = ids(c, "SELECT id FROM unigen_budget_reservation WHERE budget = ? AND state = 'COMMITTING'");
      for (String id : committing) finish(id, "COMMITTED");
      List<String> expired = ids(c, "SELECT id FROM unigen_budget_reservation"
          + " WHERE budget = ? AND state = 'HELD' AND expires_at < now() LIMIT 1000");
      int released = 0;
      // One transaction each: a sweep holding many windows at once could wait on a reservation in a cycle.
      for (String id : expired) {
        Integer done = finish(id, "EXPIRED");
        if (done != null && done > 0) released++;
      }
      if (released > 0) log.warn("budget {}: released {} reservation(s) whose lease ran out", name, released);
      return released;
    } catch (SQLException e) {
      throw failure("release expired reservations", e);
    }
  }

  private List<String> ids(Connection c, String sql) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) ids.add(rs.getString(1));
      }
    }
    return ids;
  }

  private void maintainLeases() {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement s = c.prepareStatement("UPDATE unigen_budget_reservation"
            + " SET expires_at = now() + ? * interval '1 millisecond' WHERE instance = ? AND state = 'HELD'")) {
      s.setLong(1, lease.toMillis());
      s.setString(2, instance);
      s.executeUpdate();
    } catch (SQLException | RuntimeException e) {
      log.warn("budget {}: cannot renew leases: {}", name, e.getMessage());
    }
    try {
      releaseExpired();
    } catch (RuntimeException e) {
      log.warn("budget {}: cannot release expired reservations: {}", name, e.getMessage());
    }
  }

  /**
   * Commits {@code id} with {@code actual}: first durably (the reservation's own row only), then
   * applied to the windows. Null if there is no such reservation, else 0 (already settled), 1, or 2
   * (the actual took a cap over its limit).
   */
  private Integer commitOnce(String id, BigDecimal actual) {
    Integer begun = call("SELECT unigen_budget_commit(?, ?)", id, actual, "commit reservation " + id);
    if (begun == null || begun == 0) return begun;
    Integer finished = finish(id, "COMMITTED");
    // Another instance's sweep may have finished it in between: committed all the same.
    return finished == null || finished == 0 ? 1 : finished;
  }

  /** Moves {@code id} to {@code state} (COMMITTED from COMMITTING, or RELEASED or EXPIRED from HELD). */
  private Integer finish(String id, String state) {
    return call("SELECT unigen_budget_finish(?, ?)", id, state, "settle reservation " + id);
  }

  private Integer call(String sql, String id, Object arg, String what) {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, id);
      s.setObject(2, arg);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        int status = rs.getInt(1);
        return rs.wasNull() ? null : status;
      }
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  @Override
  public Money spentToday() {
    return spentIn(BUDGET_WIDE, BUDGET_WIDE, day(LocalDate.ofInstant(clock.instant(), zone)));
  }

  @Override
  public Money spentThisMonth() {
    return spentIn(BUDGET_WIDE, BUDGET_WIDE, month(YearMonth.from(LocalDate.ofInstant(clock.instant(), zone))));
  }

  /**
   * Returns everything spent through this budget, in all periods.
   *
   * @throws IllegalStateException if the budget has no total cap, so its total is not counted
   */
  public Money spentInTotal() {
    if (total == null) throw new IllegalStateException("budget " + name + " has no total cap, so its total is not counted");
    return spentIn(BUDGET_WIDE, BUDGET_WIDE, TOTAL);
  }

  /**
   * Returns what was spent in the current day ({@link ChronoUnit#DAYS}), month
   * ({@link ChronoUnit#MONTHS}) or, for a key with a {@linkplain Builder#perTagTotal total cap},
   * in all ({@link ChronoUnit#FOREVER}) by requests tagged {@code tagKey=tagValue}.
   *
   * @throws IllegalArgumentException if {@code tagKey} has no per-tag cap, so its spend is not
   *     counted, or {@code period} is none of those
   */
  @Override
  public Money spent(String tagKey, String tagValue, ChronoUnit period) {
    Objects.requireNonNull(tagValue, "tagValue");
    if (!counted(tagKey)) {
      throw new IllegalArgumentException("no per-tag cap for tag key '" + tagKey + "', so its spend is not counted");
    }
    LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
    if (period == ChronoUnit.DAYS) return spentIn(tagKey, tagValue, day(today));
    if (period == ChronoUnit.MONTHS) return spentIn(tagKey, tagValue, month(YearMonth.from(today)));
    if (period == ChronoUnit.FOREVER && perTagTotal.containsKey(tagKey)) return spentIn(tagKey, tagValue, TOTAL);
    throw new IllegalArgumentException("period must be DAYS, MONTHS, or FOREVER for a key with a total cap: " + period);
  }

  /** Returns the total of every reservation of this budget not yet settled, by any instance. */
  @Override
  public Money reserved() {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement s = c.prepareStatement("SELECT coalesce(sum(amount), 0) FROM unigen_budget_reservation"
            + " WHERE budget = ? AND (state = 'HELD' OR (state = 'COMMITTING' AND held))")) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return money(rs.getBigDecimal(1));
      }
    } catch (SQLException e) {
      throw failure("read reservations", e);
    }
  }

  /**
   * Stops renewing this instance's leases. Reservations still open are released by another
   * instance when their lease runs out, or can be settled by id. The database stays open.
   */
  @Override
  public void close() {
    leases.shutdownNow();
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("PostgresBudget(").append(name).append(", ");
    if (maxPerRequest != null) s.append("perRequest ").append(money(maxPerRequest)).append(", ");
    if (perDay != null) s.append("perDay ").append(money(perDay)).append(", ");
    if (perMonth != null) s.append("perMonth ").append(money(perMonth)).append(", ");
    if (total != null) s.append("total ").append(money(total)).append(", ");
    perTagPerDay.forEach((k, v) -> s.append("perDay per ").append(k).append(' ').append(money(v)).append(", "));
    perTagPerMonth.forEach((k, v) -> s.append("perMonth per ").append(k).append(' ').append(money(v)).append(", "));
    perTagTotal.forEach((k, v) -> s.append("total per ").append(k).append(' ').append(money(v)).append(", "));
    return s.append("zone ").append(zone).append(')').toString();
  }

  private Money spentIn(String tagKey, String tagValue, String period) {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement s = c.prepareStatement("SELECT spent FROM unigen_budget_window"
            + " WHERE budget = ? AND tag_key = ? AND tag_value = ? AND period = ?")) {
      s.setString(1, name);
      s.setString(2, tagKey);
      s.setString(3, tagValue);
      s.setString(4, period);
      try (ResultSet rs = s.executeQuery()) {
        return money(rs.next() ? rs.getBigDecimal(1) : BigDecimal.ZERO);
      }
    } catch (SQLException e) {
      throw failure("read spend", e);
    }
  }

  /** The windows a request with {@code tags} counts against, sorted: the order they are locked in. */
  private List<Window> windows(Map<String, String> tags) {
    Map<String, String> sorted = new TreeMap<>(Map.copyOf(tags));
    LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
    String day = day(today);
    String month = month(YearMonth.from(today));
    List<Window> out = new ArrayList<>();
    out.add(new Window(BUDGET_WIDE, BUDGET_WIDE, day, perDay));
    out.add(new Window(BUDGET_WIDE, BUDGET_WIDE, month, perMonth));
    // All-time windows only where a total cap needs them: each window is one more row lock.
    if (total != null) out.add(new Window(BUDGET_WIDE, BUDGET_WIDE, TOTAL, total));
    sorted.forEach((key, value) -> {
      if (!counted(key)) return;
      out.add(new Window(key, value, day, perTagPerDay.get(key)));
      out.add(new Window(key, value, month, perTagPerMonth.get(key)));
      if (perTagTotal.containsKey(key)) out.add(new Window(key, value, TOTAL, perTagTotal.get(key)));
    });
    out.sort(Comparator.comparing((Window w) -> w.tagKey).thenComparing(w -> w.tagValue)
        .thenComparing(w -> w.period));
    return out;
  }

  private boolean counted(String tagKey) {
    return perTagPerDay.containsKey(tagKey) || perTagPerMonth.containsKey(tagKey) || perTagTotal.containsKey(tagKey);
  }

  private static void setWindows(Connection c, PreparedStatement s, int first, List<Window> windows)
      throws SQLException {
    int n = windows.size();
    String[] keys = new String[n];
    String[] values = new String[n];
    String[] periods = new String[n];
    BigDecimal[] caps = new BigDecimal[n];
    for (int i = 0; i < n; i++) {
      Window w = windows.get(i);
      keys[i] = w.tagKey;
      values[i] = w.tagValue;
      periods[i] = w.period;
      caps[i] = w.cap;
    }
    Array[] arrays = {c.createArrayOf("text", keys), c.createArrayOf("text", values),
        c.createArrayOf("text", periods), c.createArrayOf("numeric", caps)};
    for (int i = 0; i < arrays.length; i++) s.setArray(first + i, arrays[i]);
  }

  private BigDecimal toBudgetCurrency(Money amount) {
    return fxRates.convert(amount, currency).amount();
  }

  private Money money(BigDecimal amount) {
    return Money.of(amount, currency);
  }

  private IllegalStateException failure(String what, SQLException e) {
    return new IllegalStateException("budget " + name + ": cannot " + what + " in PostgreSQL: " + e.getMessage(), e);
  }

  private static String day(LocalDate d) {
    return "D" + d;
  }

  private static String month(YearMonth m) {
    return "M" + m;
  }

  private static BigDecimal amountOrNull(Money m) {
    return m == null ? null : m.amount();
  }

  private static Map<String, BigDecimal> amounts(Map<String, Money> caps) {
    Map<String, BigDecimal> out = new LinkedHashMap<>();
    caps.forEach((k, v) -> out.put(k, v.amount()));
    return Map.copyOf(out);
  }

  /** One scope (whole budget, or one tag value) in one period, with its cap or null. */
  private static final class Window {
    final String tagKey;
    final String tagValue;
    final String period;
    final BigDecimal cap;

    Window(String tagKey, String tagValue, String period, BigDecimal cap) {
      this.tagKey = Objects.requireNonNull(tagKey, "tag key");
      this.tagValue = Objects.requireNonNull(tagValue, "tag value");
      this.period = period;
      this.cap = cap;
    }

    Cap kind() {
      if (period.startsWith("D")) return Cap.PER_DAY;
      if (period.startsWith("M")) return Cap.PER_MONTH;
      return Cap.TOTAL;
    }
  }

  /** A reservation made by this instance; settled through the database, so at most once anywhere. */
  private final class Held implements PostgresReservation {
    private final String id;
    private final Money amount;
    private final Map<String, String> tags;

    Held(String id, Money amount, Map<String, String> tags) {
      this.id = id;
      this.amount = amount;
      this.tags = Map.copyOf(tags);
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public Money amount() {
      return amount;
    }

    @Override
    public boolean commit(Money actual) {
      Objects.requireNonNull(actual, "actual");
      if (actual.isNegative()) throw new IllegalArgumentException("negative actual: " + actual);
      Integer settled = commitOnce(id, toBudgetCurrency(actual));
      if (settled != null) return settled == 2;
      // A database crash lost the reservation (it was committed without waiting for a flush):
      // the money was spent all the same, so it is counted directly.
      log.warn("budget {}: reservation {} was lost by the database; counting its spend directly", name, id);
      return spend(actual, tags);
    }

    @Override
    public void release() {
      PostgresBudget.this.release(id);
    }

    @Override
    public String toString() {
      return "Reservation(" + id + ", " + amount + ")";
    }
  }

  /** Configures a {@link PostgresBudget}. Every cap is optional; all caps must be in one currency. Not threadsafe. */
  public static final class Builder {
    private final PostgresDatabase db;
    private String name = "default";
    private String instance = UUID.randomUUID().toString();
    private Money maxPerRequest;
    private Money perDay;
    private Money perMonth;
    private Money total;
    private final Map<String, Money> perTagPerDay = new LinkedHashMap<>();
    private final Map<String, Money> perTagPerMonth = new LinkedHashMap<>();
    private final Map<String, Money> perTagTotal = new LinkedHashMap<>();
    private Clock clock = Clock.systemUTC();
    private ZoneId zone = ZoneOffset.UTC;
    private FxRates fxRates = FxRates.none();
    private Duration lease = Duration.ofMinutes(10);

    private Builder(PostgresDatabase db) {
      this.db = db;
    }

    /**
     * Names the budget; instances using the same name share its caps. Default {@code default}.
     *
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public Builder name(String name) {
      this.name = requireText(name, "name");
      return this;
    }

    /**
     * Names this instance in its reservations (a host name, say); default a random id. Two live
     * instances must not share a name.
     *
     * @throws IllegalArgumentException if {@code instance} is blank
     */
    public Builder instance(String instance) {
      this.instance = requireText(instance, "instance");
      return this;
    }

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
     * Caps all spend through this budget, for good, at {@code cap}.
     *
     * @throws IllegalArgumentException if {@code cap} is negative
     */
    public Builder total(Money cap) {
      this.total = requireCap(cap);
      return this;
    }

    /**
     * Caps the daily spend of each value of tag {@code tagKey} separately.
     *
     * @throws IllegalArgumentException if {@code tagKey} is blank or {@code cap} is negative
     */
    public Builder perTagPerDay(String tagKey, Money cap) {
      perTagPerDay.put(requireText(tagKey, "tag key"), requireCap(cap));
      return this;
    }

    /**
     * Caps the monthly spend of each value of tag {@code tagKey} separately.
     *
     * @throws IllegalArgumentException if {@code tagKey} is blank or {@code cap} is negative
     */
    public Builder perTagPerMonth(String tagKey, Money cap) {
      perTagPerMonth.put(requireText(tagKey, "tag key"), requireCap(cap));
      return this;
    }

    /**
     * Caps all spend of each value of tag {@code tagKey} separately, for good: a user's credits.
     *
     * @throws IllegalArgumentException if {@code tagKey} is blank or {@code cap} is negative
     */
    public Builder perTagTotal(String tagKey, Money cap) {
      perTagTotal.put(requireText(tagKey, "tag key"), requireCap(cap));
      return this;
    }

    /** Sets the clock days and months are read from; default the UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Sets the zone whose midnights start days and months; default UTC. Every instance must use the same. */
    public Builder zone(ZoneId zone) {
      this.zone = Objects.requireNonNull(zone, "zone");
      return this;
    }

    /** Sets the rates amounts in other currencies are converted with; default none. */
    public Builder fxRates(FxRates fxRates) {
      this.fxRates = Objects.requireNonNull(fxRates, "fxRates");
      return this;
    }

    /**
     * Sets how long a reservation outlives its instance: renewed every third of it while the
     * instance runs, released by any instance once it runs out. Default 10 minutes.
     *
     * @throws IllegalArgumentException if {@code lease} is under one second
     */
    public Builder lease(Duration lease) {
      Objects.requireNonNull(lease, "lease");
      if (lease.compareTo(Duration.ofSeconds(1)) < 0) throw new IllegalArgumentException("lease under 1 s: " + lease);
      this.lease = lease;
      return this;
    }

    /**
     * Returns the budget, registering its name and currency in the database on first use.
     *
     * @throws IllegalArgumentException if the caps are in more than one currency
     * @throws IllegalStateException if the budget exists in the database in another currency, or
     *     the database cannot be reached
     */
    public PostgresBudget build() {
      Currency c = null;
      List<Money> caps = new ArrayList<>();
      for (Money m : new Money[] {maxPerRequest, perDay, perMonth, total}) if (m != null) caps.add(m);
      caps.addAll(perTagPerDay.values());
      caps.addAll(perTagPerMonth.values());
      caps.addAll(perTagTotal.values());
      for (Money cap : caps) {
        if (c != null && !c.equals(cap.currency())) {
          throw new IllegalArgumentException("all caps of a budget must be in one currency: "
              + c.getCurrencyCode() + " and " + cap.currency().getCurrencyCode());
        }
        c = cap.currency();
      }
      Currency currency = c == null ? USD : c;
      try (Connection conn = db.dataSource().getConnection()) {
        try (PreparedStatement s = conn.prepareStatement(
            "INSERT INTO unigen_budget (name, currency) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
          s.setString(1, name);
          s.setString(2, currency.getCurrencyCode());
          s.executeUpdate();
        }
        try (PreparedStatement s = conn.prepareStatement("SELECT currency FROM unigen_budget WHERE name = ?")) {
          s.setString(1, name);
          try (ResultSet rs = s.executeQuery()) {
            rs.next();
            String stored = rs.getString(1);
            if (!stored.equals(currency.getCurrencyCode())) {
              throw new IllegalStateException("budget " + name + " is kept in " + stored + ", not "
                  + currency.getCurrencyCode() + "; give this one another name");
            }
          }
        }
      } catch (SQLException e) {
        throw new IllegalStateException("budget " + name + ": cannot register in PostgreSQL: " + e.getMessage(), e);
      }
      return new PostgresBudget(this, currency);
    }

    private static Money requireCap(Money cap) {
      Objects.requireNonNull(cap, "cap");
      if (cap.isNegative()) throw new IllegalArgumentException("negative cap: " + cap);
      return cap;
    }

    private static String requireText(String value, String what) {
      Objects.requireNonNull(value, what);
      if (value.isBlank()) throw new IllegalArgumentException("blank " + what);
      return value;
    }
  }
}
