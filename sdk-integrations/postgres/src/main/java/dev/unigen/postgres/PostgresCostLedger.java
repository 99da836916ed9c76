package dev.unigen.postgres;

import dev.unigen.ledger.CostLedger;
import dev.unigen.ledger.LedgerEntry;
import dev.unigen.ledger.LedgerEntry.Outcome;
import dev.unigen.ledger.LedgerTotals;
import dev.unigen.money.CurrencyMismatchException;
import dev.unigen.money.FxRates;
import dev.unigen.money.Money;
import dev.unigen.pricing.CostBasis;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link CostLedger} kept in one append-only PostgreSQL table, {@code unigen_ledger_entry},
 * shared by every instance: each records its attempts there and every report reads them all.
 *
 * <p>Recording is idempotent by entry (attempt) id: recording an entry again, after a timeout
 * whose outcome was unknown say, returns the stored entry; a different entry under an id already
 * recorded is refused. A trigger refuses every UPDATE and DELETE on the table. Totals are summed
 * in SQL (per key and currency, then converted once with the ledger's {@link FxRates}), in one
 * repeatable-read snapshot.
 *
 * <p>Entries are stored with the credit they carry (zero unless set): this ledger applies no
 * subscription credit of its own, so {@link #remainingCredit} is always empty. Timestamps are kept
 * to the microsecond, PostgreSQL's precision. Threadsafe.
 */
public final class PostgresCostLedger implements CostLedger {
  private static final String COLUMNS = "id, generation_id, ts, provider, model, endpoint, task, outcome, billed,"
      + " currency, estimate, actual, credited, basis, provider_request_id, detail,"
      + " ARRAY(SELECT k FROM jsonb_object_keys(tags) AS k ORDER BY k) AS tag_keys,"
      + " ARRAY(SELECT tags ->> k FROM jsonb_object_keys(tags) AS k ORDER BY k) AS tag_values";
  // Charged: what is left to pay after credits; an entry without an actual counts zero.
  private static final String CHARGED = "coalesce(actual - credited, 0)";

  private final PostgresDatabase db;
  private final Currency currency;
  private final FxRates fxRates;
  private final ZoneId zone;
  private volatile boolean closed;

  private PostgresCostLedger(Builder b) {
    this.db = b.db;
    this.currency = b.currency;
    this.fxRates = b.fxRates;
    this.zone = b.zone;
  }

  /** Returns a builder for a ledger in US dollars, with no exchange rates, whose days are UTC days. */
  public static Builder builder(PostgresDatabase db) {
    return new Builder(Objects.requireNonNull(db, "db"));
  }

  /**
   * Appends {@code entry}, or returns the entry already stored under its id if it is the same.
   *
   * @throws IllegalArgumentException if a different entry was already recorded under its id
   * @throws IllegalStateException if the ledger is closed or the database cannot be reached
   */
  @Override
  public LedgerEntry record(LedgerEntry entry) {
    Objects.requireNonNull(entry, "entry");
    if (closed) throw new IllegalStateException("ledger is closed");
    LedgerEntry e = entry.toBuilder().timestamp(entry.timestamp().truncatedTo(ChronoUnit.MICROS))
        .credited(entry.credited()).build();
    try (Connection c = db.dataSource().getConnection()) {
      int inserted;
      try (PreparedStatement s = c.prepareStatement("INSERT INTO unigen_ledger_entry (id, generation_id, ts,"
          + " provider, model, endpoint, task, outcome, billed, currency, estimate, actual, credited, basis, tags,"
          + " provider_request_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, jsonb_object(?, ?), ?, ?)"
          + " ON CONFLICT (id) DO NOTHING")) {
        Currency cur = e.actual().map(Money::currency)
            .orElse(e.estimate().map(Money::currency).orElse(e.credited().currency()));
        s.setString(1, e.id());
        s.setString(2, e.generationId());
        s.setObject(3, OffsetDateTime.ofInstant(e.timestamp(), ZoneOffset.UTC));
        s.setString(4, e.provider());
        s.setString(5, e.model());
        s.setString(6, e.endpoint());
        s.setString(7, e.task());
        s.setString(8, e.outcome().name());
        s.setBoolean(9, e.billed());
        s.setString(10, cur.getCurrencyCode());
        s.setBigDecimal(11, e.estimate().map(Money::amount).orElse(null));
        s.setBigDecimal(12, e.actual().map(Money::amount).orElse(null));
        s.setBigDecimal(13, e.credited().amount());
        s.setString(14, e.basis().name());
        Array keys = c.createArrayOf("text", e.tags().keySet().toArray(new String[0]));
        Array values = c.createArrayOf("text", e.tags().values().toArray(new String[0]));
        s.setArray(15, keys);
        s.setArray(16, values);
        s.setString(17, e.providerRequestId().orElse(null));
        s.setString(18, e.detail());
        inserted = s.executeUpdate();
      }
      if (inserted == 1) return e;
      LedgerEntry stored = read(c, e.id());
      if (!stored.equals(e)) {
        throw new IllegalArgumentException("entry " + e.id() + " is already recorded, with other values");
      }
      return stored;
    } catch (SQLException ex) {
      throw failure("record entry " + entry.id(), ex);
    }
  }

  private LedgerEntry read(Connection c, String id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM unigen_ledger_entry WHERE id = ?")) {
      s.setString(1, id);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) throw new IllegalStateException("entry " + id + " vanished from the ledger");
        return entry(rs);
      }
    }
  }

  private static LedgerEntry entry(ResultSet rs) throws SQLException {
    Currency cur = Currency.getInstance(rs.getString("currency"));
    LedgerEntry.Builder b = LedgerEntry.builder()
        .id(rs.getString("id"))
        .generationId(rs.getString("generation_id"))
        .timestamp(rs.getObject("ts", OffsetDateTime.class).toInstant())
        .provider(rs.getString("provider"))
        .model(rs.getString("model"))
        .endpoint(rs.getString("endpoint"))
        .task(rs.getString("task"))
        .outcome(Outcome.valueOf(rs.getString("outcome")))
        .billed(rs.getBoolean("billed"))
        .basis(CostBasis.valueOf(rs.getString("basis")))
        .detail(rs.getString("detail"));
    BigDecimal estimate = rs.getBigDecimal("estimate");
    if (estimate != null) b.estimate(Money.of(estimate, cur));
    BigDecimal actual = rs.getBigDecimal("actual");
    if (actual != null) b.actual(Money.of(actual, cur));
    b.credited(Money.of(rs.getBigDecimal("credited"), cur));
    String requestId = rs.getString("provider_request_id");
    if (requestId != null) b.providerRequestId(requestId);
    String[] keys = (String[]) rs.getArray("tag_keys").getArray();
    String[] values = (String[]) rs.getArray("tag_values").getArray();
    Map<String, String> tags = new TreeMap<>();
    for (int i = 0; i < keys.length; i++) tags.put(keys[i], values[i]);
    return b.tags(tags).build();
  }

  /** Returns every entry, in the order the database recorded them. */
  @Override
  public List<LedgerEntry> entries() {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM unigen_ledger_entry ORDER BY seq")) {
      List<LedgerEntry> out = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) out.add(entry(rs));
      }
      return out;
    } catch (SQLException e) {
      throw failure("read entries", e);
    }
  }

  /** Whether any instance recorded an entry with id {@code id}: one indexed lookup. */
  @Override
  public boolean contains(String id) {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement s = c.prepareStatement("SELECT 1 FROM unigen_ledger_entry WHERE id = ?")) {
      s.setString(1, Objects.requireNonNull(id, "id"));
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw failure("look up entry " + id, e);
    }
  }

  /** Returns the number of entries recorded, by every instance. */
  public long count() {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement s = c.prepareStatement("SELECT count(*) FROM unigen_ledger_entry");
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw failure("count entries", e);
    }
  }

  /**
   * Sums charged amounts of the entries in {@code [from, to)} in SQL, grouped per key and currency,
   * and converts each sum once.
   *
   * @throws CurrencyMismatchException if an entry's currency has no rate to the ledger's
   * @throws IllegalArgumentException if {@code to} is before {@code from}
   */
  @Override
  public LedgerTotals totals(Instant fromInclusive, Instant toExclusive) {
    Objects.requireNonNull(fromInclusive, "fromInclusive");
    Objects.requireNonNull(toExclusive, "toExclusive");
    if (toExclusive.isBefore(fromInclusive)) {
      throw new IllegalArgumentException("range ends " + toExclusive + " before it starts " + fromInclusive);
    }
    String range = " FROM unigen_ledger_entry WHERE ts >= coalesce(?::timestamptz, '-infinity'::timestamptz) AND ts < coalesce(?::timestamptz, 'infinity'::timestamptz)";
    String day = dayExpression();
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      try {
        Map<String, Money> total = sums(c, "SELECT '', currency, sum(" + CHARGED + ")" + range + " GROUP BY currency",
            fromInclusive, toExclusive, rs -> "");
        Map<String, Money> byProvider = sums(c, "SELECT provider, currency, sum(" + CHARGED + ")" + range
            + " GROUP BY provider, currency", fromInclusive, toExclusive, rs -> rs.getString(1));
        Map<String, Money> byModel = sums(c, "SELECT model, currency, sum(" + CHARGED + ")" + range
            + " GROUP BY model, currency", fromInclusive, toExclusive, rs -> rs.getString(1));
        Map<LocalDate, Money> byDay = sums(c, "SELECT " + day + ", currency, sum(" + CHARGED + ")" + range
            + " GROUP BY 1, currency", fromInclusive, toExclusive, rs -> rs.getObject(1, LocalDate.class));
        // (key, currency, sum, value): the value last, so the sum stays in column 3.
        Map<List<String>, Money> tagSums = sums(c, "SELECT t.key, currency, sum(" + CHARGED + "), t.value"
            + " FROM unigen_ledger_entry, jsonb_each_text(tags) AS t"
            + " WHERE ts >= coalesce(?::timestamptz, '-infinity'::timestamptz)"
            + " AND ts < coalesce(?::timestamptz, 'infinity'::timestamptz)"
            + " GROUP BY t.key, t.value, currency", fromInclusive, toExclusive,
            rs -> List.of(rs.getString(1), rs.getString(4)));
        Map<String, Map<String, Money>> byTag = new HashMap<>();
        tagSums.forEach((kv, sum) -> byTag.computeIfAbsent(kv.get(0), x -> new HashMap<>()).put(kv.get(1), sum));
        c.commit();
        return LedgerTotals.of(total.getOrDefault("", Money.zero(currency)), byProvider, byModel, byDay, byTag);
      } finally {
        c.rollback();
      }
    } catch (SQLException e) {
      throw failure("sum entries", e);
    }
  }

  /** The calendar day of {@code ts} in the ledger's zone, as SQL. */
  private String dayExpression() {
    ZoneId z = zone.normalized();
    if (z instanceof ZoneOffset) {
      // A fixed offset, shifted by hand: PostgreSQL reads '+07:00' as a POSIX zone, sign reversed.
      int seconds = ((ZoneOffset) z).getTotalSeconds();
      return "((ts AT TIME ZONE 'UTC') + interval '" + seconds + " seconds')::date";
    }
    // Region ids such as Asia/Jakarta are IANA names, which PostgreSQL knows too.
    return "(ts AT TIME ZONE '" + z.getId().replace("'", "") + "')::date";
  }

  /** Runs a query returning (key, currency, sum) rows and converts each key's sums to the ledger's currency. */
  private <K> Map<K, Money> sums(Connection c, String sql, Instant from, Instant to, KeyReader<K> key)
      throws SQLException {
    Map<K, Money> out = new LinkedHashMap<>();
    try (PreparedStatement s = c.prepareStatement(sql)) {
      setRange(s, from, to);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          Money part = fxRates.convert(Money.of(rs.getBigDecimal(3), Currency.getInstance(rs.getString(2))), currency);
          out.merge(key.read(rs), part, Money::plus);
        }
      }
    }
    return out;
  }

  private static void setRange(PreparedStatement s, Instant from, Instant to) throws SQLException {
    setBound(s, 1, from);
    setBound(s, 2, to);
  }

  private static void setBound(PreparedStatement s, int index, Instant t) throws SQLException {
    if (inRange(t)) {
      s.setObject(index, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
    } else {
      s.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    }
  }

  /** Whether PostgreSQL can hold {@code t}; outside its range a bound is open (-infinity or infinity). */
  private static boolean inRange(Instant t) {
    return t.isAfter(Instant.parse("-4000-01-01T00:00:00Z")) && t.isBefore(Instant.parse("+200000-01-01T00:00:00Z"));
  }

  /** Always empty: this ledger applies no subscription credit of its own. */
  @Override
  public Optional<Money> remainingCredit(String provider) {
    Objects.requireNonNull(provider, "provider");
    return Optional.empty();
  }

  @Override
  public Currency currency() {
    return currency;
  }

  /** Stops recording through this ledger; queries still work. The database stays open. */
  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "PostgresCostLedger(" + currency + ")";
  }

  private static IllegalStateException failure(String what, SQLException e) {
    return new IllegalStateException("cost ledger: cannot " + what + " in PostgreSQL: " + e.getMessage(), e);
  }

  /** Reads a group's key from the current row. */
  private interface KeyReader<K> {
    K read(ResultSet rs) throws SQLException;
  }

  /** Configures a {@link PostgresCostLedger}. Not threadsafe. */
  public static final class Builder {
    private final PostgresDatabase db;
    private Currency currency = Currency.getInstance("USD");
    private FxRates fxRates = FxRates.none();
    private ZoneId zone = ZoneOffset.UTC;

    private Builder(PostgresDatabase db) {
      this.db = db;
    }

    /** Sets the currency totals are reported in; default US dollars. */
    public Builder currency(Currency currency) {
      this.currency = Objects.requireNonNull(currency, "currency");
      return this;
    }

    /** Sets the rates amounts in other currencies are converted with; default none. */
    public Builder fxRates(FxRates fxRates) {
      this.fxRates = Objects.requireNonNull(fxRates, "fxRates");
      return this;
    }

    /** Sets the zone whose calendar days daily totals follow; default UTC. */
    public Builder zone(ZoneId zone) {
      this.zone = Objects.requireNonNull(zone, "zone");
      return this;
    }

    /** Returns the ledger; its table was created when the database was opened. */
    public PostgresCostLedger build() {
      return new PostgresCostLedger(this);
    }
  }
}
