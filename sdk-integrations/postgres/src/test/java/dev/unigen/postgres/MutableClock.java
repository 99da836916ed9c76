package dev.unigen.postgres;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock tests move by hand, so period rollovers need no sleeping. Threadsafe. */
final class MutableClock extends Clock {
  private final AtomicReference<Instant> now;

  MutableClock(Instant start) {
    now = new AtomicReference<>(start);
  }

  static MutableClock at(String isoInstant) {
    return new MutableClock(Instant.parse(isoInstant));
  }

  void advance(Duration d) {
    now.updateAndGet(i -> i.plus(d));
  }

  void set(Instant instant) {
    now.set(instant);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("unigen reads instants, not zoned times, from its clock");
  }

  @Override
  public Instant instant() {
    return now.get();
  }
}
