package dev.unigen.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.unigen.catalog.Offer;
import dev.unigen.money.Money;
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
    // 19 decimals do not fit the whole-number key: the plain comparison ranks them
    List<Quote> quotes = List.of(quote("b", "0.0000000000000000002"), quote("a", "0.0000000000000000001"), quote("c", "3"));
    assertEquals(List.of("a 1E-19", "b 2E-19", "c 3"), order(Strategy.cheapest().rank(quotes)));
  }
}
