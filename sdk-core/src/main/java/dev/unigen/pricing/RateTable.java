package dev.unigen.pricing;

import dev.unigen.internal.JsonFields;
import dev.unigen.internal.Millis;
import dev.unigen.request.Size;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Values keyed by size, quality, resolution, audio, voice control and clip length. A lookup takes
 * the first entry whose stated keys agree; a key the caller leaves open (null) agrees with any
 * entry, so a table lists the provider's default first.
 */
final class RateTable {
  static final class Entry {
    final Size size;
    final String quality;
    final String resolution;
    final Boolean audio;
    final Boolean voiceControl;
    final BigDecimal seconds;
    /** {@link #seconds} at the scale of a request's seconds, which then compare as longs do. */
    final BigDecimal comparableSeconds;
    final BigDecimal value;

    Entry(Size size, String quality, String resolution, Boolean audio, Boolean voiceControl,
        BigDecimal seconds, BigDecimal value) {
      this.size = size;
      this.quality = quality;
      // One shared instance per name: it stays in cache as hundreds of tables are read, and a
      // request naming it by a literal matches it at once.
      this.resolution = resolution == null ? null : resolution.intern();
      this.audio = audio;
      this.voiceControl = voiceControl;
      this.seconds = seconds;
      this.comparableSeconds = seconds == null ? null : Quantities.comparable(seconds);
      this.value = value;
    }

    boolean matches(Size s, String q, String r, Boolean a, Boolean v) {
      return (size == null || s == null || size.equals(s))
          && (quality == null || q == null || quality.equalsIgnoreCase(q))
          && (resolution == null || r == null || sameIgnoringCase(resolution, r))
          && (audio == null || a == null || audio.equals(a))
          && (voiceControl == null || v == null || voiceControl.equals(v));
    }
  }

  /**
   * {@code a.equalsIgnoreCase(b)}, comparing ASCII characters directly: a request naming no model
   * tries its resolution on several entries of hundreds of offers, and most differ early.
   */
  static boolean sameIgnoringCase(String a, String b) {
    if (a == b) return true;
    int n = a.length();
    if (b.length() != n) return false;
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x == y) continue;
      // Past ASCII, case folding has rules of its own (the Kelvin sign folds to k): leave it to String.
      if (x >= 128 || y >= 128) return a.equalsIgnoreCase(b);
      int lower = x | 0x20;
      if (lower < 'a' || lower > 'z' || lower != (y | 0x20)) return false;
    }
    return true;
  }

  private static final byte ANY_AUDIO = 0;
  private static final byte NO_AUDIO = 1;
  private static final byte WITH_AUDIO = 2;

  final Entry[] table;
  // The keys of video tables (resolution, audio, clip length) again, one array each: a request
  // naming no model looks up one table of each of hundreds of offers, and reading these arrays
  // touches no entry but the one found. Null when an entry has another key, or a clip length not
  // in whole milliseconds; lookups then read the entries.
  private final String[] resolutions;
  private final byte[] audio;
  final long[] millis;

  private RateTable(List<Entry> entries) {
    this.table = entries.toArray(new Entry[0]);
    boolean flat = true;
    String[] r = new String[table.length];
    byte[] a = new byte[table.length];
    long[] ms = new long[table.length];
    for (int i = 0; i < table.length; i++) {
      Entry e = table[i];
      flat &= e.size == null && e.quality == null && e.voiceControl == null;
      r[i] = e.resolution;
      a[i] = e.audio == null ? ANY_AUDIO : e.audio ? WITH_AUDIO : NO_AUDIO;
      ms[i] = e.seconds == null ? Millis.NONE : Millis.exact(e.seconds);
      flat &= e.seconds == null || ms[i] != Millis.NONE;
    }
    this.resolutions = flat ? r : null;
    this.audio = flat ? a : null;
    this.millis = flat ? ms : null;
  }

  /** Whether lookups can read the key arrays; {@link #millis} is then set. */
  boolean flat() {
    return resolutions != null;
  }

  /** What {@code table[i].matches(any, any, r, a, any)} says, reading the key arrays of a {@linkplain #flat flat} table. */
  boolean matchesAt(int i, String r, Boolean a) {
    String x = resolutions[i];
    if (x != null && r != null && !sameIgnoringCase(x, r)) return false;
    byte y = audio[i];
    return y == ANY_AUDIO || a == null || (y == WITH_AUDIO) == a;
  }

  static RateTable single(BigDecimal value) {
    return new RateTable(List.of(new Entry(null, null, null, null, null, null, value)));
  }

  /** Keys of a table priced per image. */
  static final Set<String> IMAGE_KEYS = Set.of("size", "quality", "resolution");
  /** Keys of a table priced per second of video. */
  static final Set<String> VIDEO_KEYS = Set.of("resolution", "audio", "voiceControl");
  /** Keys of a table of clip prices. */
  static final Set<String> CLIP_KEYS = Set.of("seconds", "resolution", "audio");

  /**
   * Reads {@code key}, an array of entries each with the value under {@code valueKey} and any of
   * {@code keys}; a key outside them is an error, since it would never be compared.
   */
  static RateTable read(JsonFields f, String key, String valueKey, Set<String> keys) {
    List<JsonFields> rows = f.objects(key);
    if (rows.isEmpty()) throw f.error(key, "needs at least one entry");
    List<Entry> entries = new ArrayList<>();
    for (JsonFields row : rows) {
      for (String k : List.of("size", "quality", "resolution", "audio", "voiceControl", "seconds")) {
        if (row.has(k) && !keys.contains(k)) throw row.error(k, "is not a key of this rule; keys: " + String.join(", ", new java.util.TreeSet<>(keys)));
      }
      Size size = null;
      if (row.has("size")) {
        try {
          size = Size.parse(row.requireString("size"));
        } catch (IllegalArgumentException e) {
          throw row.error("size", e.getMessage());
        }
      }
      BigDecimal seconds = row.nonNegative("seconds").orElse(null);
      entries.add(new Entry(size, row.string("quality").orElse(null), row.string("resolution").orElse(null),
          row.bool("audio").orElse(null), row.bool("voiceControl").orElse(null), seconds,
          row.requireNonNegative(valueKey)));
      row.rejectUnknown();
    }
    return new RateTable(entries);
  }

  /**
   * Returns the first matching value.
   *
   * @throws PricingException if no entry matches
   */
  BigDecimal lookup(Size s, String q, String r, Boolean a, Boolean v) {
    return entry(s, q, r, a, v).value;
  }

  /**
   * Returns the first matching entry.
   *
   * @throws PricingException if no entry matches
   */
  Entry entry(Size s, String q, String r, Boolean a, Boolean v) {
    if (flat()) {
      // no entry states a size, quality or voice control, so those always agree
      for (int i = 0; i < table.length; i++) if (matchesAt(i, r, a)) return table[i];
    } else {
      for (Entry e : table) {
        if (e.matches(s, q, r, a, v)) return e;
      }
    }
    throw new PricingException("no price for " + describe(s, q, r, a, v));
  }

  /**
   * The keys of {@code e} in brackets, such as {@code " (1024x1024, hd)"}, when the table has more
   * than one entry (so which one applied is worth saying); else an empty string.
   */
  String which(Entry e) {
    if (table.length < 2) return "";
    String keys = describe(e.size, e.quality, e.resolution, e.audio, e.voiceControl);
    return keys.equals("this request") ? " (any other)" : " (" + keys + ")";
  }

  static String describe(Size s, String q, String r, Boolean a, Boolean v) {
    StringBuilder b = new StringBuilder();
    if (s != null) b.append(s).append(' ');
    if (q != null) b.append("quality ").append(q).append(' ');
    if (r != null) b.append(r).append(' ');
    if (a != null) b.append(a ? "with audio " : "without audio ");
    if (Boolean.TRUE.equals(v)) b.append("with voice control ");
    return b.length() == 0 ? "this request" : b.toString().trim();
  }
}
