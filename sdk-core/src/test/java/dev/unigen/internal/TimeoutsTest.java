package dev.unigen.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class TimeoutsTest {
  private static final long DELAY = TimeUnit.MILLISECONDS.toNanos(50);

  @Test
  void aTimeoutRunsOnceItsDelayHasPassedAndACanceledOneNever() throws InterruptedException {
    Timeouts timeouts = new Timeouts("test-timeouts", DELAY);
    CountDownLatch fired = new CountDownLatch(1);
    AtomicBoolean canceledRan = new AtomicBoolean();
    long t0 = System.nanoTime();
    timeouts.schedule(() -> canceledRan.set(true)).cancel();
    long[] ranAt = new long[1];
    timeouts.schedule(() -> {
      ranAt[0] = System.nanoTime();
      fired.countDown();
    });
    assertTrue(fired.await(5, TimeUnit.SECONDS));
    assertTrue(ranAt[0] - t0 >= DELAY, "not before its delay");
    Thread.sleep(100);
    assertFalse(canceledRan.get());
    timeouts.close();
  }

  @Test
  void timeoutsRunInTheOrderTheyWereMadeThoughTheThreadSleptMeanwhile() throws InterruptedException {
    // The second and third are made while the thread sleeps toward the first: nothing wakes it,
    // and each still runs once due.
    Timeouts timeouts = new Timeouts("test-timeouts", DELAY);
    List<Integer> order = new CopyOnWriteArrayList<>();
    CountDownLatch all = new CountDownLatch(3);
    for (int i = 1; i <= 3; i++) {
      int n = i;
      timeouts.schedule(() -> {
        order.add(n);
        all.countDown();
      });
      Thread.sleep(20);
    }
    assertTrue(all.await(5, TimeUnit.SECONDS));
    assertEquals(List.of(1, 2, 3), order);
    timeouts.close();
  }

  @Test
  void aFailingActionDoesNotStopTheOthers() throws InterruptedException {
    Timeouts timeouts = new Timeouts("test-timeouts", DELAY);
    CountDownLatch after = new CountDownLatch(1);
    timeouts.schedule(() -> {
      throw new IllegalStateException("broken action");
    });
    timeouts.schedule(after::countDown);
    assertTrue(after.await(5, TimeUnit.SECONDS));
    timeouts.close();
  }

  @Test
  void closedTimeoutsDropWhatIsPendingAndRefuseMore() throws InterruptedException {
    Timeouts timeouts = new Timeouts("test-timeouts", DELAY);
    AtomicBoolean ran = new AtomicBoolean();
    timeouts.schedule(() -> ran.set(true));
    timeouts.close();
    Thread.sleep(150);
    assertFalse(ran.get());
    assertThrows(RejectedExecutionException.class, () -> timeouts.schedule(() -> { }));
  }
}
