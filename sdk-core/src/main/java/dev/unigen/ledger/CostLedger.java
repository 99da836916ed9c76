package dev.unigen.ledger;

import dev.unigen.money.CurrencyMismatchException;
import dev.unigen.money.FxRates;
import dev.unigen.money.Money;
import dev.unigen.pricing.Subscription;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;

/**
 * A record of every attempt and what it really cost, with totals by provider, model, tag and day,
 * and a CSV export. When an entry is recorded, the included monthly credit (and a per-request free
 * quota) of its provider's {@link Subscription} pays for its actual cost first; see
 * {@link #record}.
 *
 * <p>A backend implements {@link #record}, {@link #entries}, {@link #totals(Instant, Instant)},
 * {@link #remainingCredit}, {@link #currency} and {@link #close}; {@link #builder()} makes the
 * embedded default.
 *
 * <p>Totals are of {@linkplain LedgerEntry#charged() charged} amounts — what is left to pay after
 * credits — in the ledger's {@linkplain #currency() currency}; an entry without an actual counts
 * zero. Amounts in another currency are summed per currency and converted with the ledger's
 * {@link FxRates}. Time ranges are half-open: from inclusive, to exclusive.
 *
 * <p>{@link #inMemory()} keeps entries for the life of the process; {@link #jsonl(Path)} also
 * appends each to a file of JSON lines and reads them back on open, so totals and remaining
 * credits survive restarts. Implementations are threadsafe.
 *
 * <pre>{@code
 * try (CostLedger ledger = CostLedger.builder()
 *     .file(Path.of("unigen-ledger.jsonl"))
 *     .subscriptions(List.of(huggingFacePro))   // the plans this account holds
 *     .build()) {
 *   ledger.record(entry);
 *   SortedMap<String, Money> byUser = ledger.totals(monthStart, monthEnd).byTag("user");
 * }
 * }</pre>
 */
public interface CostLedger extends AutoCloseable {

  /** Returns an empty ledger kept in memory, in US dollars, with no subscriptions. */
  static CostLedger inMemory() {
    return builder().build();
  }

  /**
   * Returns a ledger in US dollars, with no subscriptions, that appends to {@code file} and starts
   * with the entries already in it.
   *
   * @throws UncheckedIOException if the file cannot be read or created, or has a corrupt line
   * @throws IllegalStateException if another open ledger holds the file
   */
  static CostLedger jsonl(Path file) {
    return builder().file(file).build();
  }

  /** Returns a builder for an in-memory ledger in US dollars, with no subscriptions, on the UTC clock and zone. */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Records {@code entry} and returns it as stored, with its credit decided. Unless the entry's
   * credit was set explicitly, the provider's subscription pays first: while its free quota of
   * {@code request} units for the entry's month lasts, a successful billed entry is credited in
   * full; otherwise the credit is the smaller of the actual and the included credit left for the
   * month. Months are read from the entry's timestamp in the ledger's zone.
   *
   * @throws IllegalArgumentException if an entry with the same id was already recorded
   * @throws UncheckedIOException if the entry cannot be written to the ledger's file; it is not
   *     recorded then
   * @throws IllegalStateException if the ledger is closed
   */
  LedgerEntry record(LedgerEntry entry);

  /**
   * Whether an entry with id {@code id} is recorded. The default reads every entry; a ledger that
   * can look an id up directly overrides it.
   */
  default boolean contains(String id) {
    Objects.requireNonNull(id, "id");
    for (LedgerEntry e : entries()) if (e.id().equals(id)) return true;
    return false;
  }

  /** Returns a snapshot of every entry, in the order recorded (a file's entries first). */
  List<LedgerEntry> entries();

  /**
   * Returns what the entries in {@code [from, to)} were charged: the total and the totals by
   * provider, model, day and tag, taken as one snapshot.
   *
   * @throws CurrencyMismatchException if an entry's currency has no rate to the ledger's
   * @throws IllegalArgumentException if {@code to} is before {@code from}
   */
  LedgerTotals totals(Instant fromInclusive, Instant toExclusive);

  /** The totals over every entry, as {@link #totals(Instant, Instant)} computes them. */
  default LedgerTotals totals() {
    return totals(Instant.EPOCH, Instant.MAX);
  }

  /** The total charged over every entry. */
  default Money total() {
    return totals().total();
  }

  /**
   * Returns the included credit of {@code provider}'s subscription left for the current month (by
   * the ledger's clock and zone), in the plan's currency; empty if the ledger has no plan for it.
   */
  Optional<Money> remainingCredit(String provider);

  /** The currency totals are reported in. */
  Currency currency();

  /**
   * Writes every entry as CSV (RFC 4180: a header row, CRLF line ends, fields quoted when they
   * hold a comma, quote or line break). Amounts are plain decimals in the entry's currency, named
   * in a {@code currency} column; each tag key seen gets a {@code tag:KEY} column.
   *
   * @throws IOException if {@code out} throws it
   */
  default void writeCsv(Appendable out) throws IOException {
    Csv.write(entries(), out);
  }

  /**
   * Closes the ledger's file, if any. Queries still work afterwards; {@link #record} does not.
   * Closing twice is a no-op.
   *
   * @throws UncheckedIOException if the file cannot be closed
   */
  @Override
  void close();

  /** Configures a {@link CostLedger}. Not threadsafe. */
  final class Builder {
    private Path file;
    private List<Subscription> subscriptions = List.of();
    private Clock clock = Clock.systemUTC();
    private ZoneId zone = ZoneOffset.UTC;
    private FxRates fxRates = FxRates.none();
    private Currency currency = Currency.getInstance("USD");

    private Builder() {}

    /** Keeps the ledger in {@code file}, a file of JSON lines; without one the ledger is in memory. */
    public Builder file(Path file) {
      this.file = Objects.requireNonNull(file, "file");
      return this;
    }

    /**
     * Sets the subscriptions the account holds, at most one per provider, whose included credit
     * and free quota pay for entries first. Only a free quota in unit {@code request} is counted;
     * other units (such as {@code image}) cannot be counted from entries and are not applied.
     */
    public Builder subscriptions(List<Subscription> subscriptions) {
      this.subscriptions = List.copyOf(subscriptions);
      return this;
    }

    /** Sets the clock that says which month is current, for {@link CostLedger#remainingCredit}; default UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Sets the zone whose calendar months and days credits and daily totals follow; default UTC. */
    public Builder zone(ZoneId zone) {
      this.zone = Objects.requireNonNull(zone, "zone");
      return this;
    }

    /** Sets the rates amounts in other currencies are converted with; default none. */
    public Builder fxRates(FxRates fxRates) {
      this.fxRates = Objects.requireNonNull(fxRates, "fxRates");
      return this;
    }

    /** Sets the currency totals are reported in; default US dollars. */
    public Builder currency(Currency currency) {
      this.currency = Objects.requireNonNull(currency, "currency");
      return this;
    }

    /**
     * Returns the ledger, reading the file's entries back if it has one.
     *
     * @throws IllegalArgumentException if two subscriptions are for the same provider
     * @throws UncheckedIOException if the file cannot be read or created, or has a corrupt line
     *     (the message names its number)
     * @throws IllegalStateException if another open ledger holds the file
     */
    public CostLedger build() {
      return new DefaultCostLedger(file, new Credits(subscriptions, zone, fxRates), clock, zone, fxRates, currency);
    }
  }
}
