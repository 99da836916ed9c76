package dev.unigen.internal;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random version-4 UUIDs for generation and call ids. They must be unique, not secret (they are
 * sent as idempotency keys and written to the ledger), so they come from
 * {@link ThreadLocalRandom} rather than {@link UUID#randomUUID()}, whose shared secure generator
 * is a lock every concurrent call would queue on. Internal: not a public API.
 */
public final class Ids {
  private Ids() {}

  /** A new random UUID string, such as {@code 3f2b…-4…-a…}. */
  public static String random() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long high = (r.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long low = (r.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48); // IETF variant
    return new UUID(high, low).toString();
  }
}
