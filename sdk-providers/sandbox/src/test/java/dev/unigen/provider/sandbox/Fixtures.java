package dev.unigen.provider.sandbox;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.squareup.moshi.Moshi;
import dev.unigen.catalog.Offer;
import dev.unigen.request.Request;
import dev.unigen.spi.ProviderCall;
import dev.unigen.spi.ProviderContext;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import okhttp3.OkHttpClient;

/** Shared test helpers: a context, calls against a sandbox's own offers, a clock moved by hand. */
final class Fixtures {
  private Fixtures() {}

  static ProviderContext context(ScheduledExecutorService scheduler) {
    return ProviderContext.builder()
        .httpClient(new OkHttpClient())
        .moshi(new Moshi.Builder().build())
        .scheduler(scheduler)
        .build();
  }

  /** A call of {@code request} on {@code provider}'s offer of the request's model, with a two-minute timeout. */
  static ProviderCall call(SandboxProvider provider, Request request) {
    return call(provider, request, Duration.ofMinutes(2));
  }

  static ProviderCall call(SandboxProvider provider, Request request, Duration timeout) {
    String model = request.model().orElseThrow();
    Offer offer = provider.catalog().offer(provider.name(), model).orElseThrow();
    return new ProviderCall(UUID.randomUUID().toString(), request, offer, null, timeout);
  }

  /** Waits for {@code future}; fails the test after ten seconds. */
  static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(10, TimeUnit.SECONDS);
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("no answer in time", e);
    } catch (ExecutionException e) {
      throw new AssertionError("failed: " + e.getCause(), e.getCause());
    }
  }

  /** Waits for {@code future} to fail and returns why. */
  static Throwable failure(CompletableFuture<?> future) {
    try {
      Object v = future.get(10, TimeUnit.SECONDS);
      return fail("expected a failure, got " + v);
    } catch (ExecutionException e) {
      assertTrue(future.isCompletedExceptionally());
      return e.getCause();
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("no answer in time", e);
    }
  }

  static BufferedImage decode(byte[] bytes) {
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
      if (image == null) throw new AssertionError("not an image");
      return image;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A clock that stands still until moved. */
  static final class MutableClock extends Clock {
    private final AtomicLong millis;

    MutableClock(Instant start) {
      millis = new AtomicLong(start.toEpochMilli());
    }

    void advance(Duration d) {
      millis.addAndGet(d.toMillis());
    }

    @Override public ZoneId getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(ZoneId zone) { return this; }
    @Override public Instant instant() { return Instant.ofEpochMilli(millis.get()); }
    @Override public long millis() { return millis.get(); }
  }
}
