package dev.unigen.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.unigen.request.Request;
import dev.unigen.request.Task;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Seconds billed at a rule's minimum or cap keep the bound's own scale, whole milliseconds or not. */
class DurationBoundsTest {
  private static String cost(String durations, long millis) {
    PriceRule rule = PriceRule.fromJson(("{'kind':'per-second','price':'0.1','durations':{" + durations + "}}").replace('\'', '"'));
    Request r = Request.builder(Task.TEXT_TO_VIDEO).prompt("rain").duration(Duration.ofMillis(millis)).build();
    return rule.estimate(r).amount().toString();
  }

  @Test
  void wholeSecondBounds() {
    // 4 s billed as 5, 5 s as made (at the scale of milliseconds), 121 s capped at 120
    assertEquals(List.of("0.5", "0.5000", "12.0000", "12.0"),
        List.of(cost("'minimum':5,'maximum':120", 4000), cost("'minimum':5,'maximum':120", 5000),
            cost("'minimum':5,'maximum':120", 120_000), cost("'minimum':5,'maximum':120", 121_000)));
  }

  @Test
  void boundsBetweenMilliseconds() {
    String bounds = "'minimum':2.0005,'maximum':7.9995";
    assertEquals(List.of("0.20005", "0.2001", "0.7999", "0.79995"),
        List.of(cost(bounds, 2000), cost(bounds, 2001), cost(bounds, 7999), cost(bounds, 8000)));
  }

  @Test
  void aCapBeyondALongNeverCaps() {
    assertEquals("12.1000", cost("'maximum':1E+30", 121_000));
  }
}
