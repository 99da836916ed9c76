package dev.unigen.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unigen.catalog.Catalog;
import dev.unigen.catalog.Offer;
import dev.unigen.money.Money;
import dev.unigen.pricing.PriceRule;
import dev.unigen.request.Request;
import dev.unigen.request.Task;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The cheapest strategy orders by amount whatever its scale, then by provider and model. */
class CheapestRankTest {
  private static Quote quote(String provider, String amount) {
    Offer o = Offer.builder(provider, "m").endpoint("m").tasks(Task.TEXT_TO_IMAGE)
        .provenance(LocalDate.of(2026, 11, 1), "test").build();
    return Quote.of(o, Money.usd(new BigDecimal(amount)));
  }

  private static List<String> order(List<Quote> quotes) {
    return quotes.stream().map(q -> q.provider() + " " + q.estimate().get().amount()).collect(Collectors.toList());
  }

  @Test
  void amountsOfEveryScaleRankByValueThenProvider() {
    List<Quote> quotes = List.of(quote("e", "1E+1"), quote("d", "0.50000"), quote("c", "0.5"), quote("b", "0.0000001"),
        quote("a", "9.99"), quote("f", "0.1"));
    List<String> expected = List.of("b 1E-7", "f 0.1", "c 0.5", "d 0.50000", "a 9.99", "e 1E+1");
    assertEquals(expected, order(Strategy.cheapest().rank(quotes)));
  }

  @Test
  void amountsTooFineForALongRankTheSame() {
    List<Quote> quotes = List.of(quote("b", "0.0000000000000000002"), quote("a", "0.0000000000000000001"), quote("c", "3"));
    assertEquals(List.of("a 1E-19", "b 2E-19", "c 3"), order(Strategy.cheapest().rank(quotes)));
  }

  @Test
  void amountsADoubleCannotTellApartRankByTheirExactValue() {
    // all three are the same double; the exact order is c, a, b
    List<Quote> quotes = List.of(quote("a", "0.10000000000000000002"), quote("b", "0.10000000000000000003"),
        quote("c", "0.1"), quote("d", "0.05"));
    assertEquals(List.of("d 0.05", "c 0.1", "a 0.10000000000000000002", "b 0.10000000000000000003"),
        order(Strategy.cheapest().rank(quotes)));
  }

  @Test
  void hundredsOfQuotesInReverseOrderComeOutAscendingWithTiesByProvider() {
    // quote i costs (300 - i) / 1000 USD, except that every tenth costs what the one before it does
    List<Quote> quotes = new java.util.ArrayList<>();
    for (int i = 0; i < 300; i++) {
      int cents = i % 10 == 9 ? 300 - i + 1 : 300 - i;
      quotes.add(quote(String.format("p%03d", i), BigDecimal.valueOf(cents, 3).toPlainString()));
    }
    List<Quote> ranked = Strategy.cheapest().rank(quotes);
    assertEquals(300, ranked.size());
    // i = 299 costs (300 - 299 + 1) / 1000 and i = 298 costs (300 - 298) / 1000: a tie at 0.002
    assertEquals(List.of("p298 0.002", "p299 0.002", "p297 0.003"), order(ranked.subList(0, 3)));
    // the dearest: i = 0 costs 0.300
    assertEquals("p000 0.300", order(ranked.subList(299, 300)).get(0));
    for (int i = 1; i < ranked.size(); i++) {
      assertTrue(Strategies.BY_PRICE.compare(ranked.get(i - 1), ranked.get(i)) < 0, "in order at " + i);
    }
  }

  private static Offer priced(String provider, String model, String endpoint, String amount) {
    return Offer.builder(provider, model).endpoint(endpoint).tasks(Task.TEXT_TO_IMAGE)
        .price(PriceRule.perRequest(Money.usd(amount))).provenance(LocalDate.of(2026, 11, 1), "test").build();
  }

  private static List<String> ranked(Plan plan) {
    return plan.quotes().stream().map(q -> q.offer().endpoint() + " " + q.estimate().get().amount())
        .collect(Collectors.toList());
  }

  @Test
  void aPlanRanksAsTheStrategyDoesOnQuotesInCatalogOrder() {
    // The selector weighs offers in provider-then-model order for the cheapest strategy: ties and
    // amounts a double cannot tell apart must still come out as the strategy ranks the quotes in
    // catalog order.
    Catalog catalog = Catalog.of(List.of(
        priced("c", "m", "cm", "0.10"), priced("a", "n", "an", "0.1"), priced("a", "m", "am", "0.10000000000000000002"),
        priced("e", "n", "en", "0.050"), priced("b", "m", "bm", "0.05"), priced("f", "n", "fn", "0.1000"),
        priced("d", "m", "dm", "0.10000000000000000001"), priced("c", "n", "cn", "0.05")));
    Request request = Request.builder(Task.TEXT_TO_IMAGE).prompt("a red bicycle").build();
    Plan plan = Selector.builder().catalog(catalog).build().plan(request);
    // a strategy other than the built-in one itself, so the selector makes its quotes in catalog order
    Strategy same = quotes -> Strategy.cheapest().rank(quotes);
    Plan expected = Selector.builder().catalog(catalog).strategy(same).build().plan(request);
    assertEquals(List.of("bm 0.05", "cn 0.05", "en 0.050", "an 0.1", "cm 0.10", "fn 0.1000",
        "dm 0.10000000000000000001", "am 0.10000000000000000002"), ranked(plan));
    assertEquals(ranked(expected), ranked(plan));
    Plan named = Selector.builder().catalog(catalog).build().plan(request.toBuilder().model("m").build());
    assertEquals(List.of("bm 0.05", "cm 0.10", "dm 0.10000000000000000001", "am 0.10000000000000000002"),
        ranked(named));
  }
}
