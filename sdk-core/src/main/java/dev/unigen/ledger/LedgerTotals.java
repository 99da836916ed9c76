package dev.unigen.ledger;

import dev.unigen.money.Money;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the entries of a time range were charged, in the ledger's currency: the total and the
 * totals by provider, logical model, calendar day (in the ledger's zone) and the value of each
 * tag. A snapshot taken at once, so its figures agree with each other. Entries without an actual
 * count zero; entries without a tag are left out of that tag's totals. Immutable and threadsafe.
 */
public final class LedgerTotals {
  private final Money total;
  private final SortedMap<String, Money> byProvider;
  private final SortedMap<String, Money> byModel;
  private final SortedMap<LocalDate, Money> byDay;
  private final Map<String, SortedMap<String, Money>> byTag;

  private LedgerTotals(Money total, Map<String, Money> byProvider, Map<String, Money> byModel,
      Map<LocalDate, Money> byDay, Map<String, ? extends Map<String, Money>> byTag) {
    this.total = Objects.requireNonNull(total, "total");
    this.byProvider = sorted(byProvider);
    this.byModel = sorted(byModel);
    this.byDay = sorted(byDay);
    SortedMap<String, SortedMap<String, Money>> tags = new TreeMap<>();
    byTag.forEach((key, values) -> tags.put(key, sorted(values)));
    this.byTag = Collections.unmodifiableSortedMap(tags);
  }

  /**
   * Creates totals from sums a ledger backend computed (in SQL, say), all in one currency.
   *
   * @throws IllegalArgumentException if an amount is in another currency than {@code total}
   */
  public static LedgerTotals of(Money total, Map<String, Money> byProvider, Map<String, Money> byModel,
      Map<LocalDate, Money> byDay, Map<String, ? extends Map<String, Money>> byTag) {
    LedgerTotals t = new LedgerTotals(total, byProvider, byModel, byDay, byTag);
    t.requireCurrency(t.byProvider.values());
    t.requireCurrency(t.byModel.values());
    t.requireCurrency(t.byDay.values());
    t.byTag.values().forEach(values -> t.requireCurrency(values.values()));
    return t;
  }

  /** The total charged. */
  public Money total() { return total; }

  /** The totals per provider, sorted by provider. */
  public SortedMap<String, Money> byProvider() { return byProvider; }

  /** The totals per logical model, sorted by model. */
  public SortedMap<String, Money> byModel() { return byModel; }

  /** The totals per calendar day in the ledger's zone; days without entries are left out. */
  public SortedMap<LocalDate, Money> byDay() { return byDay; }

  /** The totals per value of tag {@code key}, sorted by value; empty if no entry has the tag. */
  public SortedMap<String, Money> byTag(String key) {
    return byTag.getOrDefault(Objects.requireNonNull(key, "key"), Collections.emptySortedMap());
  }

  /** The tag keys the entries carry. */
  public Set<String> tagKeys() { return byTag.keySet(); }

  private void requireCurrency(Iterable<Money> amounts) {
    for (Money m : amounts) {
      if (!m.currency().equals(total.currency())) {
        throw new IllegalArgumentException("totals must all be in " + total.currency() + ": " + m);
      }
    }
  }

  private static <K> SortedMap<K, Money> sorted(Map<K, Money> m) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(m));
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof LedgerTotals)) return false;
    LedgerTotals t = (LedgerTotals) o;
    return total.equals(t.total) && byProvider.equals(t.byProvider) && byModel.equals(t.byModel)
        && byDay.equals(t.byDay) && byTag.equals(t.byTag);
  }

  @Override
  public int hashCode() {
    return Objects.hash(total, byProvider, byModel, byDay, byTag);
  }

  @Override
  public String toString() {
    return "LedgerTotals(" + total + ", by provider " + byProvider + ")";
  }
}
