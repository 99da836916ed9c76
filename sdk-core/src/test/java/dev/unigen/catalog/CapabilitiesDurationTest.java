package dev.unigen.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.unigen.request.Request;
import dev.unigen.request.Task;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Durations are checked in whole milliseconds, with the same answer as the written reasons give. */
class CapabilitiesDurationTest {
  private static Request clip(long millis) {
    return Request.builder(Task.TEXT_TO_VIDEO).prompt("rain").duration(Duration.ofMillis(millis)).build();
  }

  private static boolean allows(Capabilities c, long millis) {
    boolean allows = c.allows(clip(millis));
    assertEquals(c.whyNot(clip(millis)).isEmpty(), allows, millis + " ms");
    return allows;
  }

  @Test
  void boundsBetweenMillisecondsRoundInward() {
    // 2.0005 s to 7.9995 s: 2.001 s is the shortest whole millisecond allowed, 7.999 s the longest
    Capabilities c = Capabilities.builder().durationRange(new BigDecimal("2.0005"), new BigDecimal("7.9995")).build();
    assertEquals(List.of(false, true, true, false), List.of(allows(c, 2000), allows(c, 2001), allows(c, 7999), allows(c, 8000)));
  }

  @Test
  void wholeBoundsAreInclusiveWhateverTheirScale() {
    Capabilities c = Capabilities.builder().durationRange(new BigDecimal("5.000"), new BigDecimal("1E+1")).build();
    assertEquals(List.of(false, true, true, false), List.of(allows(c, 4999), allows(c, 5000), allows(c, 10000), allows(c, 10001)));
  }

  @Test
  void onlyListedDurationsAreAllowedAndOneBetweenMillisecondsNeverIs() {
    Capabilities c = Capabilities.builder().duration(new BigDecimal("5")).duration(new BigDecimal("7.50"))
        .duration(new BigDecimal("9.0005")).build();
    assertEquals(List.of(true, true, false, false, false),
        List.of(allows(c, 5000), allows(c, 7500), allows(c, 9000), allows(c, 9001), allows(c, 6000)));
  }

  @Test
  void boundsBeyondALongStillCompare() {
    Capabilities c = Capabilities.builder().durationRange(new BigDecimal("1"), new BigDecimal("1E+30")).build();
    assertEquals(List.of(false, true, true), List.of(allows(c, 999), allows(c, 1000), allows(c, Long.MAX_VALUE / 2)));
  }
}
