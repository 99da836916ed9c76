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

  @Override
  public SortedMap<String, Money> totalsByProvider(Instant fromInclusive, Instant toExclusive) {
    return totals(fromInclusive, toExclusive, e -> Optional.of(e.provider()));
  }

  @Override
  public SortedMap<String, Money> totalsByModel(Instant fromInclusive, Instant toExclusive) {
    return totals(fromInclusive, toExclusive, e -> Optional.of(e.model()));
  }

  @Override
  public SortedMap<String, Money> totalsByTag(String key, Instant fromInclusive, Instant toExclusive) {
    Objects.requireNonNull(key, "key");
    return totals(fromInclusive, toExclusive, e -> Optional.ofNullable(e.tags().get(key)));
  }

  @Override
  public SortedMap<LocalDate, Money> totalsByDay(Instant fromInclusive, Instant toExclusive) {
    return totals(fromInclusive, toExclusive, e -> Optional.of(LocalDate.ofInstant(e.timestamp(), zone)));
  }

  @Override
  public Money total(Instant fromInclusive, Instant toExclusive) {
    SortedMap<String, Money> all = totals(fromInclusive, toExclusive, e -> Optional.of(""));
    return all.isEmpty() ? Money.zero(currency) : all.get("");
  }

  /** Sums charged amounts per key, exactly per currency first, then converts each sum once. */
  private <K> SortedMap<K, Money> totals(Instant from, Instant to,
      Function<LedgerEntry, Optional<K>> keyOf) {
    Objects.requireNonNull(from, "fromInclusive");
    Objects.requireNonNull(to, "toExclusive");
    if (to.isBefore(from)) throw new IllegalArgumentException("range ends " + to + " before it starts " + from);
    Map<K, Map<Currency, BigDecimal>> sums = new HashMap<>();
    for (LedgerEntry e : entries()) {
      if (e.timestamp().isBefore(from) || !e.timestamp().isBefore(to)) continue;
      Optional<K> key = keyOf.apply(e);
      if (key.isEmpty()) continue;
      Money charged = e.charged().orElse(Money.zero(e.currency()));
      sums.computeIfAbsent(key.get(), k -> new LinkedHashMap<>())
          .merge(charged.currency(), charged.amount(), BigDecimal::add);
    }
    SortedMap<K, Money> out = new TreeMap<>();
    sums.forEach((key, byCurrency) -> {
      Money sum = Money.zero(currency);
      for (Map.Entry<Currency, BigDecimal> part : byCurrency.entrySet()) {
        sum = sum.plus(fxRates.convert(Money.of(part.getValue(), part.getKey()), currency));
      }
      out.put(key, sum);
    });
    return Collections.unmodifiableSortedMap(out);
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
  public void writeCsv(Appendable out) throws IOException {
    Csv.write(entries(), out);
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
