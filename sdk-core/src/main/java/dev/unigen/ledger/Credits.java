package dev.unigen.ledger;

import dev.unigen.ledger.LedgerEntry.Outcome;
import dev.unigen.money.CurrencyMismatchException;
import dev.unigen.money.FxRates;
import dev.unigen.money.Money;
import dev.unigen.pricing.Subscription;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The included credit and free quota (R15) of each provider's subscription, month by month. The
 * same {@link #account} runs when an entry is recorded and when a ledger file is read back, so the
 * remaining credit after a restart is what it was before. Not threadsafe: the ledger's lock guards it.
 */
final class Credits {
  /** The only free-quota unit a ledger can count from its entries: one per successful, billed attempt. */
  static final String REQUEST_UNIT = "request";

  private static final Logger log = LoggerFactory.getLogger(CostLedger.class);

  private final Map<String, Subscription> byProvider;
  private final ZoneId zone;
  private final FxRates fxRates;
  private final Map<String, Month> months = new HashMap<>();

  Credits(List<Subscription> subscriptions, ZoneId zone, FxRates fxRates) {
    Map<String, Subscription> map = new HashMap<>();
    for (Subscription s : subscriptions) {
      Subscription before = map.put(s.provider(), Objects.requireNonNull(s, "subscription"));
      if (before != null) {
        throw new IllegalArgumentException("two subscriptions for provider " + s.provider() + ": "
            + before.name() + " and " + s.name() + "; a ledger applies one plan per provider");
      }
      if (s.freeUnit().isPresent() && !REQUEST_UNIT.equals(s.freeUnit().get())) {
        // Entries do not say how many images, seconds or tokens a call produced, so such a quota
        // cannot be counted; leaving it out overstates charges rather than hiding any.
        log.warn("{}/{}: free quota of {} {} is not applied by the cost ledger; only unit '{}' is counted",
            s.provider(), s.name(), s.freeUnits().map(BigDecimal::toPlainString).orElse("?"),
            s.freeUnit().get(), REQUEST_UNIT);
      }
    }
    this.byProvider = Map.copyOf(map);
    this.zone = zone;
    this.fxRates = fxRates;
  }

  /**
   * Returns {@code e} with its credit decided: kept if the caller set one, else the free quota or
   * the remaining included credit of its provider's plan for its month. Does not change the state.
   */
  LedgerEntry credit(LedgerEntry e) {
    if (e.creditDecided()) return e;
    Subscription sub = byProvider.get(e.provider());
    if (sub == null || e.actual().isEmpty()) return e.withCredit(Money.zero(e.currency()));
    Money actual = e.actual().get();
    Month m = months.getOrDefault(key(e), new Month());
    if (countsQuotaUnit(sub, e) && withinQuota(sub, m)) return e.withCredit(actual);
    BigDecimal remaining = sub.includedCredit().amount().subtract(m.creditUsed).max(BigDecimal.ZERO);
    if (remaining.signum() == 0) return e.withCredit(Money.zero(actual.currency()));
    Currency planCurrency = sub.includedCredit().currency();
    try {
      BigDecimal actualInPlan = fxRates.convert(actual, planCurrency).amount();
      if (actualInPlan.compareTo(remaining) <= 0) return e.withCredit(actual);
      Money credit = fxRates.convert(Money.of(remaining, planCurrency), actual.currency());
      return e.withCredit(credit.min(actual));
    } catch (CurrencyMismatchException ex) {
      // Recording what was spent matters more than the credit: keep the entry, charge it fully.
      log.warn("{}: no credit applied to entry {}: {}", e.provider(), e.id(), ex.getMessage());
      return e.withCredit(Money.zero(actual.currency()));
    }
  }

  /** Counts {@code e}, whose credit is decided, against its provider's plan for its month. */
  void account(LedgerEntry e) {
    Subscription sub = byProvider.get(e.provider());
    if (sub == null) return;
    Month m = months.computeIfAbsent(key(e), k -> new Month());
    boolean unit = countsQuotaUnit(sub, e);
    boolean covered = unit && withinQuota(sub, m);
    if (unit) m.freeUsed++;
    if (covered || e.credited().isZero()) return;
    try {
      m.creditUsed = m.creditUsed.add(fxRates.convert(e.credited(), sub.includedCredit().currency()).amount());
    } catch (CurrencyMismatchException ex) {
      log.warn("{}: credit of entry {} not counted against the plan: {}", e.provider(), e.id(), ex.getMessage());
    }
  }

  /** The included credit of {@code provider}'s plan left in {@code month}, if it has a plan. */
  Optional<Money> remaining(String provider, YearMonth month) {
    Subscription sub = byProvider.get(provider);
    if (sub == null) return Optional.empty();
    Month m = months.getOrDefault(provider + "|" + month, new Month());
    BigDecimal left = sub.includedCredit().amount().subtract(m.creditUsed).max(BigDecimal.ZERO);
    return Optional.of(Money.of(left, sub.includedCredit().currency()));
  }

  private String key(LedgerEntry e) {
    return e.provider() + "|" + YearMonth.from(e.timestamp().atZone(zone));
  }

  private static boolean countsQuotaUnit(Subscription sub, LedgerEntry e) {
    return sub.freeUnits().isPresent() && REQUEST_UNIT.equals(sub.freeUnit().orElse(""))
        && e.outcome() == Outcome.SUCCEEDED && e.billed();
  }

  private static boolean withinQuota(Subscription sub, Month m) {
    return BigDecimal.valueOf(m.freeUsed).compareTo(sub.freeUnits().get()) < 0;
  }

  /** What one plan used in one month. */
  private static final class Month {
    BigDecimal creditUsed = BigDecimal.ZERO;
    long freeUsed;
  }
}
