package dev.unigen.provider.sandbox;

import dev.unigen.catalog.Offer;
import dev.unigen.request.Request;
import dev.unigen.spi.ProviderCall;
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
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;

/** Calls with a timeout of their own, decoded images, and a clock moved by hand. */
final class Fixtures {
  private Fixtures() {}

  static ProviderCall call(SandboxProvider provider, Request request, Duration timeout) {
    String model = request.model().orElseThrow();
    Offer offer = provider.catalog().offer(provider.name(), model).orElseThrow();
    return new ProviderCall(UUID.randomUUID().toString(), request, offer, null, timeout);
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
