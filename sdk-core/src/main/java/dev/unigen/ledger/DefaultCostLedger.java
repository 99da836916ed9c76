package dev.unigen.ledger;

import dev.unigen.money.FxRates;
import dev.unigen.money.Money;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/** The embedded ledger: entries in memory, optionally appended to a JSONL file. Threadsafe. */
final class DefaultCostLedger implements CostLedger {
  private final Object lock = new Object();
  // Guarded by lock.
  private final List<LedgerEntry> entries = new ArrayList<>();
  private final Set<String> ids = new HashSet<>();
  private final Credits credits;
  private final JsonlFile file;
  private boolean closed;

  private final Clock clock;
  private final ZoneId zone;
  private final FxRates fxRates;
  private final Currency currency;

  DefaultCostLedger(Path path, Credits credits, Clock clock, ZoneId zone, FxRates fxRates, Currency currency) {
    this.credits = credits;
    this.clock = clock;
    this.zone = zone;
    this.fxRates = fxRates;
    this.currency = currency;
    // Lines are read back exactly as recorded: their credits are decided and only counted again.
    this.file = path == null ? null : JsonlFile.open(path, (line, number) -> {
      LedgerEntry e = EntryJson.read(line);
      if (ids.contains(e.id())) throw new IllegalArgumentException("duplicate entry id " + e.id());
      add(e);
    });
  }

  @Override
  public LedgerEntry record(LedgerEntry entry) {
    Objects.requireNonNull(entry, "entry");
    synchronized (lock) {
      if (closed) throw new IllegalStateException("ledger is closed");
      if (ids.contains(entry.id())) throw new IllegalArgumentException("entry " + entry.id() + " is already recorded");
      LedgerEntry stored = credits.credit(entry);
      // Written before it counts, so a failed write leaves the ledger as it was.
      if (file != null) file.append(EntryJson.write(stored));
      add(stored);
      return stored;
    }
  }

  @Override
  public boolean contains(String id) {
    Objects.requireNonNull(id, "id");
    synchronized (lock) {
      return ids.contains(id);
    }
  }

  private void add(LedgerEntry e) {
    synchronized (lock) {
      credits.account(e);
      entries.add(e);
      ids.add(e.id());
    }
  }

  @Override
  public List<LedgerEntry> entries() {
    synchronized (lock) {
      return List.copyOf(entries);
    }
  }

  /** Sums charged amounts per key, exactly per currency first, then converts each sum once. */
  @Override
  public LedgerTotals totals(Instant fromInclusive, Instant toExclusive) {
    Objects.requireNonNull(fromInclusive, "fromInclusive");
    Objects.requireNonNull(toExclusive, "toExclusive");
    if (toExclusive.isBefore(fromInclusive)) {
      throw new IllegalArgumentException("range ends " + toExclusive + " before it starts " + fromInclusive);
    }
    Sums<String> all = new Sums<>();
    Sums<String> providers = new Sums<>();
    Sums<String> models = new Sums<>();
    Sums<LocalDate> days = new Sums<>();
    Map<String, Sums<String>> tags = new HashMap<>();
    for (LedgerEntry e : entries()) {
      if (e.timestamp().isBefore(fromInclusive) || !e.timestamp().isBefore(toExclusive)) continue;
      Money charged = e.charged().orElse(Money.zero(e.currency()));
      all.add("", charged);
      providers.add(e.provider(), charged);
      models.add(e.model(), charged);
      days.add(LocalDate.ofInstant(e.timestamp(), zone), charged);
      e.tags().forEach((k, v) -> tags.computeIfAbsent(k, x -> new Sums<>()).add(v, charged));
    }
    Map<String, Map<String, Money>> byTag = new HashMap<>();
    tags.forEach((k, sums) -> byTag.put(k, sums.converted()));
    return LedgerTotals.of(all.converted().getOrDefault("", Money.zero(currency)), providers.converted(),
        models.converted(), days.converted(), byTag);
  }

  /** Exact sums per key and currency, converted to the ledger's currency once per key. */
  private final class Sums<K> {
    private final Map<K, Map<Currency, BigDecimal>> sums = new HashMap<>();

    void add(K key, Money amount) {
      sums.computeIfAbsent(key, k -> new LinkedHashMap<>()).merge(amount.currency(), amount.amount(), BigDecimal::add);
    }

    Map<K, Money> converted() {
      Map<K, Money> out = new HashMap<>();
      sums.forEach((key, byCurrency) -> {
        Money sum = Money.zero(currency);
        for (Map.Entry<Currency, BigDecimal> part : byCurrency.entrySet()) {
          sum = sum.plus(fxRates.convert(Money.of(part.getValue(), part.getKey()), currency));
        }
        out.put(key, sum);
      });
      return out;
    }
  }

  @Override
  public Optional<Money> remainingCredit(String provider) {
    Objects.requireNonNull(provider, "provider");
    YearMonth month = YearMonth.from(clock.instant().atZone(zone));
    synchronized (lock) {
      return credits.remaining(provider, month);
    }
  }

  @Override
  public Currency currency() {
    return currency;
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (closed) return;
      closed = true;
      if (file == null) return;
      try {
        file.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close ledger file: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "CostLedger(" + entries.size() + " entries" + (file == null ? ", in memory" : ", " + file) + ")";
    }
  }
}
