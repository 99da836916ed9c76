package dev.unigen.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The gate admits up to its limits at once and the rest in arrival order, without a thread each. */
class SubmitGateTest {
  @Test
  void admitsUpToTheConcurrencyAndTheRestInOrderAsPlacesFree() {
    SubmitGate gate = new SubmitGate(2, 0, null);
    List<Integer> ran = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      int n = i;
      gate.acquire(() -> ran.add(n));
    }
    assertEquals(List.of(0, 1), ran);
    assertEquals(3, gate.waiting());
    gate.release();
    assertEquals(List.of(0, 1, 2), ran);
    gate.release();
    gate.release();
    assertEquals(List.of(0, 1, 2, 3, 4), ran);
    assertEquals(0, gate.waiting());
  }

  @Test
  void aSubmitThatEndsAtOnceLetsAQueueOfThousandsThroughWithoutDeepStacks() {
    SubmitGate gate = new SubmitGate(1, 0, null);
    int[] ran = {0};
    List<Runnable> held = new ArrayList<>();
    gate.acquire(() -> held.add(gate::release)); // holds the one place
    for (int i = 0; i < 100_000; i++) {
      gate.acquire(() -> {
        ran[0]++;
        gate.release(); // ends at once, inside the admitting loop
      });
    }
    assertEquals(0, ran[0]);
    held.get(0).run();
    assertEquals(100_000, ran[0]);
  }

  @Test
  void theRateHoldsTheNextStartAndWakesItOnTheScheduler() throws Exception {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try {
      Recording recording = new Recording(scheduler);
      // one start per second
      SubmitGate gate = new SubmitGate(0, 1, recording);
      List<Integer> ran = new ArrayList<>();
      gate.acquire(() -> ran.add(0));
      gate.acquire(() -> ran.add(1));
      assertEquals(List.of(0), ran);
      assertEquals(1, gate.waiting());
      assertEquals(1, recording.delays.size());
      long delay = recording.delays.get(0);
      assertTrue(delay > 0 && delay <= TimeUnit.SECONDS.toNanos(1), "wake after " + delay + " ns");
    } finally {
      scheduler.shutdownNow();
    }
  }

  /** Records the delays of scheduled tasks and never runs them. */
  private static final class Recording extends java.util.concurrent.ScheduledThreadPoolExecutor {
    final List<Long> delays = new ArrayList<>();

    Recording(ScheduledExecutorService unused) {
      super(1);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
      delays.add(unit.toNanos(delay));
      return super.schedule(() -> { }, 1, TimeUnit.DAYS);
    }
  }
}
