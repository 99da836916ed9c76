package dev.unigen.catalog;

import dev.unigen.internal.Millis;
import dev.unigen.request.ControlNet;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What an offer can do beyond its tasks: sizes (a fixed list, or a range with a multiple and a
 * megapixel cap), aspect ratios, the most outputs per call, reference images and LoRAs it takes,
 * ControlNet kinds, durations, resolutions, frame rates, audio and upscale factors. An empty list
 * means "not restricted" for sizes, aspect ratios, durations, resolutions, fps and factors, and
 * "not supported" for ControlNet kinds. Immutable; build with {@link #builder()}.
 */
public final class Capabilities {
  /** Capabilities of an offer that states none: one output, no references, no LoRAs. */
  public static final Capabilities NONE = builder().build();
  /** The largest seed an offer takes when its catalog entry declares no range: {@value}. */
  public static final long DEFAULT_MAX_SEED = Integer.MAX_VALUE;

  private final List<Size> sizes;
  private final int minSide;
  private final int maxSide;
  private final int multipleOf;
  private final BigDecimal maxMegapixels;
  private final Size defaultSize;
  private final List<String> aspectRatios;
  private final int maxCount;
  private final int maxReferences;
  private final int maxLoras;
  private final Set<ControlNet.Kind> controlNets;
  private final boolean requiresControlNet;
  private final List<BigDecimal> durations;
  private final BigDecimal minDuration;
  private final BigDecimal maxDuration;
  private final Duration defaultDuration;
  // Read once per offer weighed: made once here.
  private final Optional<Size> defaultSizeValue;
  private final Optional<Duration> defaultDurationValue;
  private final List<String> resolutions;
  private final List<Integer> fps;
  private final boolean audio;
  private final boolean voiceControl;
  private final List<Integer> upscaleFactors;
  private final long minSeed;
  private final long maxSeed;
  private final boolean jsonSchema;
  /** {@link #resolutions} again, read with one object fewer per offer weighed. */
  private final String[] resolutionNames;
  // The durations in whole milliseconds, as a request's duration is read, so that checking one
  // against each of hundreds of offers needs no BigDecimal: the allowed ones that are whole (no
  // other can equal a request's), those below 64 s also as bits by second, the minimum rounded up
  // and the maximum rounded down.
  private final long[] allowedMillis;
  private final long allowedWholeSeconds;
  private final long minMillis;
  private final long maxMillis;

  private Capabilities(Builder b) {
    sizes = List.copyOf(b.sizes);
    minSide = b.minSide;
    maxSide = b.maxSide;
    multipleOf = b.multipleOf;
    maxMegapixels = b.maxMegapixels;
    defaultSize = b.defaultSize;
    aspectRatios = List.copyOf(b.aspectRatios);
    maxCount = b.maxCount;
    maxReferences = b.maxReferences;
    maxLoras = b.maxLoras;
    controlNets = b.controlNets.isEmpty() ? Set.of() : Set.copyOf(b.controlNets);
    requiresControlNet = b.requiresControlNet;
    durations = List.copyOf(b.durations);
    minDuration = b.minDuration;
    maxDuration = b.maxDuration;
    defaultDuration = b.defaultDuration;
    defaultSizeValue = Optional.ofNullable(defaultSize);
    defaultDurationValue = Optional.ofNullable(defaultDuration);
    // Names shared across offers stay in cache as a request is checked against hundreds of them.
    resolutions = b.resolutions.stream().map(String::intern).collect(java.util.stream.Collectors.toUnmodifiableList());
    fps = List.copyOf(b.fps);
    audio = b.audio;
    voiceControl = b.voiceControl;
    upscaleFactors = List.copyOf(b.upscaleFactors);
    minSeed = b.minSeed;
    maxSeed = b.maxSeed;
    jsonSchema = b.jsonSchema;
    resolutionNames = resolutions.toArray(new String[0]);
    allowedMillis = durations.stream().mapToLong(Millis::exact).filter(ms -> ms != Millis.NONE).toArray();
    long seconds = 0;
    for (long ms : allowedMillis) if (ms >= 0 && ms < 64_000 && ms % 1000 == 0) seconds |= 1L << (ms / 1000);
    allowedWholeSeconds = seconds;
    minMillis = minDuration == null ? Long.MIN_VALUE : Millis.ceiling(minDuration);
    maxMillis = maxDuration == null ? Long.MAX_VALUE : Millis.floor(maxDuration);
  }

  /** Returns a builder with nothing allowed beyond one output. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding these capabilities. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.sizes.addAll(sizes); b.minSide = minSide; b.maxSide = maxSide; b.multipleOf = multipleOf;
    b.maxMegapixels = maxMegapixels; b.defaultSize = defaultSize; b.aspectRatios.addAll(aspectRatios);
    b.maxCount = maxCount; b.maxReferences = maxReferences; b.maxLoras = maxLoras;
    b.controlNets.addAll(controlNets); b.requiresControlNet = requiresControlNet; b.durations.addAll(durations); b.minDuration = minDuration;
    b.maxDuration = maxDuration; b.defaultDuration = defaultDuration; b.resolutions.addAll(resolutions);
    b.fps.addAll(fps); b.audio = audio; b.voiceControl = voiceControl; b.upscaleFactors.addAll(upscaleFactors);
    b.minSeed = minSeed; b.maxSeed = maxSeed; b.jsonSchema = jsonSchema;
    return b;
  }

  /** Fixed output sizes; empty when sizes are a range or unrestricted. */
  public List<Size> sizes() { return sizes; }
  /** Smallest side in pixels for ranged sizes, or 0. */
  public int minSide() { return minSide; }
  /** Largest side in pixels for ranged sizes, or 0 for no limit. */
  public int maxSide() { return maxSide; }
  /** The multiple both sides must be, or 1. */
  public int multipleOf() { return multipleOf; }
  /** The largest output in megapixels (10^6 pixels), if limited. */
  public Optional<BigDecimal> maxMegapixels() { return Optional.ofNullable(maxMegapixels); }
  /** The size the provider produces when none is asked. */
  public Optional<Size> defaultSize() { return defaultSizeValue; }
  /** Accepted aspect ratios; empty when unrestricted. */
  public List<String> aspectRatios() { return aspectRatios; }
  /** The most outputs one call can make. */
  public int maxCount() { return maxCount; }
  /** The most reference images one call takes. */
  public int maxReferences() { return maxReferences; }
  /** The most LoRAs one call takes. */
  public int maxLoras() { return maxLoras; }
  /** ControlNet kinds accepted. */
  public Set<ControlNet.Kind> controlNets() { return controlNets; }
  /** True if the offer only works from a ControlNet guide, so a request without one is not served. */
  public boolean requiresControlNet() { return requiresControlNet; }
  /** Allowed durations in seconds; empty when any within the range is allowed. */
  public List<BigDecimal> durations() { return durations; }
  /** Shortest duration in seconds, if limited. */
  public Optional<BigDecimal> minDuration() { return Optional.ofNullable(minDuration); }
  /** Longest duration in seconds, if limited. */
  public Optional<BigDecimal> maxDuration() { return Optional.ofNullable(maxDuration); }
  /** The duration produced when none is asked. */
  public Optional<Duration> defaultDuration() { return defaultDurationValue; }
  /** Accepted resolution names; empty when unrestricted. */
  public List<String> resolutions() { return resolutions; }
  /** Accepted frame rates; empty when unrestricted. */
  public List<Integer> fps() { return fps; }
  /** True if generated audio is offered. */
  public boolean audio() { return audio; }
  /** True if voice control is offered. */
  public boolean voiceControl() { return voiceControl; }
  /** Accepted upscale factors; empty when unrestricted. */
  public List<Integer> upscaleFactors() { return upscaleFactors; }
  /** The smallest seed accepted; 0 unless the catalog says otherwise. */
  public long minSeed() { return minSeed; }
  /** The largest seed accepted; {@value #DEFAULT_MAX_SEED} (2^31 - 1, which every provider takes) unless the catalog says otherwise. */
  public long maxSeed() { return maxSeed; }
  /** True if a text offer can be held to a JSON schema (structured output). */
  public boolean jsonSchema() { return jsonSchema; }

  /**
   * Returns why {@code seed} is outside the accepted range, or empty if it is inside.
   */
  public Optional<String> seedProblem(long seed) {
    if (seed < minSeed || seed > maxSeed) {
      return Optional.of("seed " + seed + " outside the accepted range " + minSeed + ".." + maxSeed);
    }
    return Optional.empty();
  }

  /**
   * Returns why these capabilities cannot serve {@code r}, or empty if they can. The reason
   * reads like "5 reference images asked, 4 allowed".
   */
  public Optional<String> whyNot(Request r) {
    return Optional.ofNullable(problem(r, true));
  }

  /**
   * Whether these capabilities can serve {@code r}: {@link #whyNot} is empty exactly when this is
   * true, but no reason is written, which is what weighing hundreds of offers needs.
   */
  public boolean allows(Request r) {
    return problem(r, false) == null;
  }

  /** Stands for a reason not written out. */
  private static final String REFUSED = "refused";

  /** Null when {@code r} can be served; otherwise the reason, or {@link #REFUSED} when not {@code explain}. */
  private String problem(Request r, boolean explain) {
    if (r.seed().isPresent()) {
      long seed = r.seed().getAsLong();
      if (seed < minSeed || seed > maxSeed) return explain ? seedProblem(seed).get() : REFUSED;
    }
    if (r.count() > maxCount) return explain ? r.count() + " outputs asked, " + maxCount + " allowed" : REFUSED;
    int refs = r.references().size();
    if (refs > maxReferences) return explain ? refs + " reference images asked, " + maxReferences + " allowed" : REFUSED;
    int loras = r.loras().size();
    if (loras > maxLoras) return explain ? loras + " LoRAs asked, " + maxLoras + " allowed" : REFUSED;
    if (requiresControlNet && r.controlNets().isEmpty()) return explain ? "needs a ControlNet guide image" : REFUSED;
    for (int i = 0; i < r.controlNets().size(); i++) {
      ControlNet.Kind k = r.controlNets().get(i).kind();
      if (!controlNets.contains(k)) return explain ? "ControlNet " + k.wireName() + " not offered" : REFUSED;
    }
    if (r.size().isPresent()) {
      String why = sizeProblem(r.size().get(), explain);
      if (why != null) return why;
    }
    if (r.aspectRatio().isPresent() && !aspectRatios.isEmpty() && !aspectRatios.contains(r.aspectRatio().get())) {
      return explain ? "aspect ratio " + r.aspectRatio().get() + " not offered" : REFUSED;
    }
    if (r.duration().isPresent()) {
      String why = durationProblem(r.duration().get(), explain);
      if (why != null) return why;
    }
    if (r.resolution().isPresent() && resolutionNames.length > 0 && !containsIgnoreCase(resolutionNames, r.resolution().get())) {
      return explain ? "resolution " + r.resolution().get() + " not offered" : REFUSED;
    }
    if (r.fps().isPresent() && !fps.isEmpty() && !fps.contains(r.fps().getAsInt())) {
      return explain ? r.fps().getAsInt() + " fps not offered" : REFUSED;
    }
    if (r.audio() && !audio) return explain ? "audio not offered" : REFUSED;
    if (r.voiceControl() && !voiceControl) return explain ? "voice control not offered" : REFUSED;
    if (r.jsonSchema().isPresent() && !jsonSchema) return explain ? "a JSON-schema answer not offered" : REFUSED;
    if (r.upscaleFactor().isPresent() && !upscaleFactors.isEmpty()
        && !upscaleFactors.contains(r.upscaleFactor().getAsInt())) {
      return explain ? "upscale factor " + r.upscaleFactor().getAsInt() + " not offered" : REFUSED;
    }
    return null;
  }

  private String sizeProblem(Size s, boolean explain) {
    if (!sizes.isEmpty()) return sizes.contains(s) ? null : explain ? "size " + s + " not offered" : REFUSED;
    if (minSide > 0 && (s.width() < minSide || s.height() < minSide)) {
      return explain ? "size " + s + " below the minimum side of " + minSide : REFUSED;
    }
    if (maxSide > 0 && (s.width() > maxSide || s.height() > maxSide)) {
      return explain ? "size " + s + " above the maximum side of " + maxSide : REFUSED;
    }
    if (s.width() % multipleOf != 0 || s.height() % multipleOf != 0) {
      return explain ? "size " + s + " is not a multiple of " + multipleOf : REFUSED;
    }
    if (maxMegapixels != null
        && BigDecimal.valueOf(s.pixels()).compareTo(maxMegapixels.multiply(BigDecimal.valueOf(1_000_000))) > 0) {
      return explain ? "size " + s + " above " + maxMegapixels.toPlainString() + " MP" : REFUSED;
    }
    return null;
  }

  private String durationProblem(Duration d, boolean explain) {
    long ms = d.toMillis();
    if (!explain) {
      if (!durations.isEmpty()) {
        if (ms >= 0 && ms < 64_000 && ms % 1000 == 0) return (allowedWholeSeconds & 1L << (ms / 1000)) != 0 ? null : REFUSED;
        for (long a : allowedMillis) if (a == ms) return null;
        return REFUSED;
      }
      return ms < minMillis || ms > maxMillis ? REFUSED : null;
    }
    // BigDecimal.valueOf keeps small whole numbers, so the common whole-second request allocates nothing
    BigDecimal s = ms % 1000 == 0 ? BigDecimal.valueOf(ms / 1000) : BigDecimal.valueOf(ms, 3);
    if (!durations.isEmpty()) {
      for (int i = 0; i < durations.size(); i++) if (durations.get(i).compareTo(s) == 0) return null;
      return explain ? "duration " + s.stripTrailingZeros().toPlainString() + " s not offered" : REFUSED;
    }
    if (minDuration != null && s.compareTo(minDuration) < 0) {
      return explain ? "duration " + s.stripTrailingZeros().toPlainString() + " s below the minimum "
          + minDuration.toPlainString() + " s" : REFUSED;
    }
    if (maxDuration != null && s.compareTo(maxDuration) > 0) {
      return explain ? "duration " + s.stripTrailingZeros().toPlainString() + " s above the maximum "
          + maxDuration.toPlainString() + " s" : REFUSED;
    }
    return null;
  }

  private static boolean containsIgnoreCase(String[] list, String value) {
    for (String s : list) if (s.equals(value)) return true; // the common, cheaper match
    for (String s : list) if (s.equalsIgnoreCase(value)) return true;
    return false;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Capabilities)) return false;
    Capabilities c = (Capabilities) o;
    return sizes.equals(c.sizes) && minSide == c.minSide && maxSide == c.maxSide && multipleOf == c.multipleOf
        && Objects.equals(maxMegapixels, c.maxMegapixels) && Objects.equals(defaultSize, c.defaultSize)
        && aspectRatios.equals(c.aspectRatios) && maxCount == c.maxCount && maxReferences == c.maxReferences
        && maxLoras == c.maxLoras && controlNets.equals(c.controlNets) && requiresControlNet == c.requiresControlNet && durations.equals(c.durations)
        && Objects.equals(minDuration, c.minDuration) && Objects.equals(maxDuration, c.maxDuration)
        && Objects.equals(defaultDuration, c.defaultDuration) && resolutions.equals(c.resolutions)
        && fps.equals(c.fps) && audio == c.audio && voiceControl == c.voiceControl
        && upscaleFactors.equals(c.upscaleFactors) && minSeed == c.minSeed && maxSeed == c.maxSeed
        && jsonSchema == c.jsonSchema;
  }

  @Override
  public int hashCode() {
    return Objects.hash(sizes, maxCount, maxReferences, maxLoras, durations, resolutions, audio);
  }

  /** Builds {@link Capabilities}. Not threadsafe. */
  public static final class Builder {
    private final List<Size> sizes = new ArrayList<>();
    private int minSide;
    private int maxSide;
    private int multipleOf = 1;
    private BigDecimal maxMegapixels;
    private Size defaultSize;
    private final List<String> aspectRatios = new ArrayList<>();
    private int maxCount = 1;
    private int maxReferences;
    private int maxLoras;
    private final Set<ControlNet.Kind> controlNets = EnumSet.noneOf(ControlNet.Kind.class);
    private boolean requiresControlNet;
    private final List<BigDecimal> durations = new ArrayList<>();
    private BigDecimal minDuration;
    private BigDecimal maxDuration;
    private Duration defaultDuration;
    private final List<String> resolutions = new ArrayList<>();
    private final List<Integer> fps = new ArrayList<>();
    private boolean audio;
    private boolean voiceControl;
    private final List<Integer> upscaleFactors = new ArrayList<>();
    private long minSeed;
    private long maxSeed = DEFAULT_MAX_SEED;
    private boolean jsonSchema;

    private Builder() {}

    /** Adds a fixed size. */
    public Builder size(Size size) { sizes.add(Objects.requireNonNull(size, "size")); return this; }
    /**
     * Allows any size with sides within {@code minSide..maxSide} that are multiples of {@code multipleOf}.
     *
     * @throws IllegalArgumentException if the bounds are inconsistent
     */
    public Builder sizeRange(int minSide, int maxSide, int multipleOf) {
      if (minSide < 0 || (maxSide > 0 && maxSide < minSide) || multipleOf < 1) {
        throw new IllegalArgumentException("bad size range " + minSide + ".." + maxSide + " x" + multipleOf);
      }
      this.minSide = minSide;
      this.maxSide = maxSide;
      this.multipleOf = multipleOf;
      return this;
    }
    /** Caps the output at {@code mp} megapixels of 10^6 pixels. */
    public Builder maxMegapixels(BigDecimal mp) { this.maxMegapixels = mp; return this; }
    /** Sets the size produced when none is asked. */
    public Builder defaultSize(Size size) { this.defaultSize = size; return this; }
    /** Adds an accepted aspect ratio. */
    public Builder aspectRatio(String ratio) { aspectRatios.add(Objects.requireNonNull(ratio, "ratio")); return this; }
    /** Sets the most outputs per call. */
    public Builder maxCount(int n) { this.maxCount = requireAtLeast(n, 1, "maxCount"); return this; }
    /** Sets the most reference images per call. */
    public Builder maxReferences(int n) { this.maxReferences = requireAtLeast(n, 0, "maxReferences"); return this; }
    /** Sets the most LoRAs per call. */
    public Builder maxLoras(int n) { this.maxLoras = requireAtLeast(n, 0, "maxLoras"); return this; }
    /** Adds an accepted ControlNet kind. */
    public Builder controlNet(ControlNet.Kind kind) { controlNets.add(Objects.requireNonNull(kind, "kind")); return this; }
    /** Serves only requests that carry a ControlNet guide. */
    public Builder requiresControlNet(boolean requires) { this.requiresControlNet = requires; return this; }
    /** Adds an allowed duration in seconds. */
    public Builder duration(BigDecimal seconds) { durations.add(Objects.requireNonNull(seconds, "seconds")); return this; }
    /** Allows durations within {@code min..max} seconds; either may be null. */
    public Builder durationRange(BigDecimal min, BigDecimal max) {
      this.minDuration = min;
      this.maxDuration = max;
      return this;
    }
    /** Sets the duration produced when none is asked. */
    public Builder defaultDuration(Duration d) { this.defaultDuration = d; return this; }
    /** Adds an accepted resolution name. */
    public Builder resolution(String name) { resolutions.add(Objects.requireNonNull(name, "name")); return this; }
    /** Adds an accepted frame rate. */
    public Builder fps(int fps) { this.fps.add(fps); return this; }
    /** Sets whether audio is offered. */
    public Builder audio(boolean audio) { this.audio = audio; return this; }
    /** Sets whether voice control is offered. */
    public Builder voiceControl(boolean voiceControl) { this.voiceControl = voiceControl; return this; }
    /** Sets whether a text offer takes a JSON schema for its answer. */
    public Builder jsonSchema(boolean jsonSchema) { this.jsonSchema = jsonSchema; return this; }
    /**
     * Sets the accepted seeds, {@code min} to {@code max} inclusive.
     *
     * @throws IllegalArgumentException if {@code min} is negative or above {@code max}
     */
    public Builder seedRange(long min, long max) {
      if (min < 0 || max < min) throw new IllegalArgumentException("seed range must satisfy 0 <= min <= max: " + min + ".." + max);
      this.minSeed = min;
      this.maxSeed = max;
      return this;
    }
    /** Adds an accepted upscale factor. */
    public Builder upscaleFactor(int factor) { upscaleFactors.add(factor); return this; }

    private static int requireAtLeast(int n, int min, String name) {
      if (n < min) throw new IllegalArgumentException(name + " must be at least " + min + ": " + n);
      return n;
    }

    /** Returns the capabilities. */
    public Capabilities build() {
      return new Capabilities(this);
    }
  }
}
