package dev.unigen.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class TimeoutsTest {
  private static final long MS = 1_000_000L;

  @Test
  void aTimeoutRunsWhenDueAndACanceledOneNever() throws InterruptedException {
    Timeouts timeouts = new Timeouts("test-timeouts");
    CountDownLatch fired = new CountDownLatch(1);
    AtomicBoolean canceledRan = new AtomicBoolean();
    timeouts.schedule(() -> canceledRan.set(true), 20 * MS).cancel();
    timeouts.schedule(fired::countDown, 50 * MS);
    assertTrue(fired.await(5, TimeUnit.SECONDS));
    Thread.sleep(50);
    assertFalse(canceledRan.get());
    timeouts.close();
  }

  @Test
  void aShortTimeoutQueuedBehindALongOneStillRunsOnTime() throws InterruptedException {
    // The thread sleeps toward the long one's deadline; the short one must wake it, not wait for it.
    Timeouts timeouts = new Timeouts("test-timeouts");
    AtomicBoolean longRan = new AtomicBoolean();
    timeouts.schedule(() -> longRan.set(true), TimeUnit.MINUTES.toNanos(10));
    CountDownLatch shortOne = new CountDownLatch(1);
    timeouts.schedule(shortOne::countDown, 30 * MS);
    assertTrue(shortOne.await(900, TimeUnit.MILLISECONDS), "ran before the thread's next tick");
    assertFalse(longRan.get());
    timeouts.close();
  }

  @Test
  void aFailingActionDoesNotStopTheOthers() throws InterruptedException {
    Timeouts timeouts = new Timeouts("test-timeouts");
    CountDownLatch after = new CountDownLatch(1);
    timeouts.schedule(() -> {
      throw new IllegalStateException("broken action");
    }, 10 * MS);
    timeouts.schedule(after::countDown, 20 * MS);
    assertTrue(after.await(5, TimeUnit.SECONDS));
    timeouts.close();
  }

  @Test
  void closedTimeoutsDropWhatIsPendingAndRefuseMore() throws InterruptedException {
    Timeouts timeouts = new Timeouts("test-timeouts");
    AtomicBoolean ran = new AtomicBoolean();
    timeouts.schedule(() -> ran.set(true), 50 * MS);
    timeouts.close();
    Thread.sleep(150);
    assertFalse(ran.get());
    assertThrows(RejectedExecutionException.class, () -> timeouts.schedule(() -> { }, 1));
  }
}
