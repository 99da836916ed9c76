package dev.unigen.pricing;

import dev.unigen.money.Money;
import dev.unigen.request.Size;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What a call really produced, as far as pricing cares: output sizes, seconds, frames, steps,
 * tokens, compute time, the count, and anything the provider reported about its bill (a cost, or
 * a number of billed units). {@link PriceRule#actual(Usage)} prices it.
 *
 * <p>Immutable and threadsafe; the builder is not.
 */
public final class Usage {
  private final List<Size> images;
  private final int count;
  private final List<Size> inputImages;
  private final BigDecimal outputMegapixels;
  private final BigDecimal inputMegapixels;
  private final String quality;
  private final String resolution;
  private final boolean audio;
  private final boolean voiceControl;
  private final BigDecimal outputSeconds;
  private final BigDecimal inputSeconds;
  private final Long frames;
  private final Integer fps;
  private final Integer steps;
  private final long textInputTokens;
  private final long cachedTextInputTokens;
  private final long imageInputTokens;
  private final long cachedImageInputTokens;
  private final long imageOutputTokens;
  private final long textOutputTokens;
  private final BigDecimal computeSeconds;
  private final String hardware;
  private final int loras;
  private final int references;
  private final int requests;
  private final BigDecimal storageGbMonths;
  private final Money reportedCost;
  private final BigDecimal billedUnits;

  private Usage(Builder b) {
    images = List.copyOf(b.images);
    count = b.count != null ? b.count : Math.max(1, b.images.size());
    inputImages = List.copyOf(b.inputImages);
    outputMegapixels = b.outputMegapixels;
    inputMegapixels = b.inputMegapixels;
    quality = b.quality;
    resolution = b.resolution;
    audio = b.audio;
    voiceControl = b.voiceControl;
    outputSeconds = b.outputSeconds;
    inputSeconds = b.inputSeconds;
    frames = b.frames;
    fps = b.fps;
    steps = b.steps;
    textInputTokens = b.textInputTokens;
    cachedTextInputTokens = b.cachedTextInputTokens;
    imageInputTokens = b.imageInputTokens;
    cachedImageInputTokens = b.cachedImageInputTokens;
    imageOutputTokens = b.imageOutputTokens;
    textOutputTokens = b.textOutputTokens;
    computeSeconds = b.computeSeconds;
    hardware = b.hardware;
    loras = b.loras;
    references = b.references;
    requests = b.requests;
    storageGbMonths = b.storageGbMonths;
    reportedCost = b.reportedCost;
    billedUnits = b.billedUnits;
  }

  /** Returns an empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding this usage's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.images.addAll(images); b.count = count; b.inputImages.addAll(inputImages);
    b.outputMegapixels = outputMegapixels; b.inputMegapixels = inputMegapixels; b.quality = quality;
    b.resolution = resolution; b.audio = audio; b.voiceControl = voiceControl;
    b.outputSeconds = outputSeconds; b.inputSeconds = inputSeconds; b.frames = frames; b.fps = fps;
    b.steps = steps; b.textInputTokens = textInputTokens; b.cachedTextInputTokens = cachedTextInputTokens;
    b.imageInputTokens = imageInputTokens; b.cachedImageInputTokens = cachedImageInputTokens;
    b.imageOutputTokens = imageOutputTokens; b.textOutputTokens = textOutputTokens;
    b.computeSeconds = computeSeconds; b.hardware = hardware; b.loras = loras; b.references = references;
    b.requests = requests; b.storageGbMonths = storageGbMonths; b.reportedCost = reportedCost;
    b.billedUnits = billedUnits;
    return b;
  }

  /** The size of every output image (or video frame), one entry per output. */
  public List<Size> images() { return images; }
  /** How many outputs were produced. */
  public int count() { return count; }
  /** The sizes of the input images the provider billed. */
  public List<Size> inputImages() { return inputImages; }
  /** Output megapixels as the provider reported them (BFL {@code output_mp}). */
  public Optional<BigDecimal> outputMegapixels() { return Optional.ofNullable(outputMegapixels); }
  /** Input megapixels as the provider reported them (BFL {@code input_mp}). */
  public Optional<BigDecimal> inputMegapixels() { return Optional.ofNullable(inputMegapixels); }
  /** The quality produced. */
  public Optional<String> quality() { return Optional.ofNullable(quality); }
  /** The resolution name produced, such as {@code 1080p}. */
  public Optional<String> resolution() { return Optional.ofNullable(resolution); }
  /** True if audio was generated. */
  public boolean audio() { return audio; }
  /** True if voice control was used. */
  public boolean voiceControl() { return voiceControl; }
  /** Seconds of output video per output. */
  public Optional<BigDecimal> outputSeconds() { return Optional.ofNullable(outputSeconds); }
  /** Seconds of input video. */
  public Optional<BigDecimal> inputSeconds() { return Optional.ofNullable(inputSeconds); }
  /** Frames per output video. */
  public OptionalLong frames() { return frames == null ? OptionalLong.empty() : OptionalLong.of(frames); }
  /** Frames per second of the output. */
  public OptionalInt fps() { return fps == null ? OptionalInt.empty() : OptionalInt.of(fps); }
  /** Steps run. */
  public OptionalInt steps() { return steps == null ? OptionalInt.empty() : OptionalInt.of(steps); }
  /** Uncached text input tokens. */
  public long textInputTokens() { return textInputTokens; }
  /** Cached text input tokens. */
  public long cachedTextInputTokens() { return cachedTextInputTokens; }
  /** Uncached image input tokens. */
  public long imageInputTokens() { return imageInputTokens; }
  /** Cached image input tokens. */
  public long cachedImageInputTokens() { return cachedImageInputTokens; }
  /** Image output tokens. */
  public long imageOutputTokens() { return imageOutputTokens; }
  /** Text output tokens. */
  public long textOutputTokens() { return textOutputTokens; }
  /** Seconds of billed compute. */
  public Optional<BigDecimal> computeSeconds() { return Optional.ofNullable(computeSeconds); }
  /** The hardware the compute ran on, such as {@code L40S}. */
  public Optional<String> hardware() { return Optional.ofNullable(hardware); }
  /** LoRAs applied. */
  public int loras() { return loras; }
  /** Reference images used. */
  public int references() { return references; }
  /** Requests made (for flat per-request prices). */
  public int requests() { return requests; }
  /** Gigabyte-months stored. */
  public Optional<BigDecimal> storageGbMonths() { return Optional.ofNullable(storageGbMonths); }
  /** The cost the provider reported; wins over any computation. */
  public Optional<Money> reportedCost() { return Optional.ofNullable(reportedCost); }
  /** Units the provider billed (fal {@code X-Fal-Billable-Units}), priced at the rule's unit price. */
  public Optional<BigDecimal> billedUnits() { return Optional.ofNullable(billedUnits); }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("Usage(count=").append(count);
    if (!images.isEmpty()) s.append(" images=").append(images);
    if (outputSeconds != null) s.append(" seconds=").append(outputSeconds.toPlainString());
    if (steps != null) s.append(" steps=").append(steps);
    if (computeSeconds != null) s.append(" compute=").append(computeSeconds.toPlainString()).append('s');
    if (reportedCost != null) s.append(" reported=").append(reportedCost);
    if (billedUnits != null) s.append(" billedUnits=").append(billedUnits.toPlainString());
    return s.append(')').toString();
  }

  /** Builds a {@link Usage}. Not threadsafe. */
  public static final class Builder {
    private final List<Size> images = new ArrayList<>();
    private Integer count;
    private final List<Size> inputImages = new ArrayList<>();
    private BigDecimal outputMegapixels;
    private BigDecimal inputMegapixels;
    private String quality;
    private String resolution;
    private boolean audio;
    private boolean voiceControl;
    private BigDecimal outputSeconds;
    private BigDecimal inputSeconds;
    private Long frames;
    private Integer fps;
    private Integer steps;
    private long textInputTokens;
    private long cachedTextInputTokens;
    private long imageInputTokens;
    private long cachedImageInputTokens;
    private long imageOutputTokens;
    private long textOutputTokens;
    private BigDecimal computeSeconds;
    private String hardware;
    private int loras;
    private int references;
    private int requests = 1;
    private BigDecimal storageGbMonths;
    private Money reportedCost;
    private BigDecimal billedUnits;

    private Builder() {}

    /** Adds an output of {@code width}×{@code height}. */
    public Builder image(int width, int height) { images.add(Size.of(width, height)); return this; }
    /** Adds {@code n} outputs of {@code size}. */
    public Builder images(int n, Size size) { for (int i = 0; i < n; i++) images.add(size); return this; }
    /** Sets the output count when no sizes are given (videos, trainings). */
    public Builder count(int count) { this.count = count; return this; }
    /** Adds a billed input image of {@code width}×{@code height}. */
    public Builder inputImage(int width, int height) { inputImages.add(Size.of(width, height)); return this; }
    /** Sets the output megapixels the provider reported. */
    public Builder outputMegapixels(BigDecimal mp) { this.outputMegapixels = mp; return this; }
    /** Sets the input megapixels the provider reported. */
    public Builder inputMegapixels(BigDecimal mp) { this.inputMegapixels = mp; return this; }
    /** Sets the quality produced. */
    public Builder quality(String quality) { this.quality = quality; return this; }
    /** Sets the resolution name produced. */
    public Builder resolution(String resolution) { this.resolution = resolution; return this; }
    /** Sets whether audio was generated. */
    public Builder audio(boolean audio) { this.audio = audio; return this; }
    /** Sets whether voice control was used. */
    public Builder voiceControl(boolean voiceControl) { this.voiceControl = voiceControl; return this; }
    /** Sets seconds of output video per output. */
    public Builder outputSeconds(BigDecimal seconds) { this.outputSeconds = seconds; return this; }
    /** Sets seconds of input video. */
    public Builder inputSeconds(BigDecimal seconds) { this.inputSeconds = seconds; return this; }
    /** Sets frames per output video. */
    public Builder frames(long frames) { this.frames = frames; return this; }
    /** Sets frames per second. */
    public Builder fps(int fps) { this.fps = fps; return this; }
    /** Sets the steps run. */
    public Builder steps(int steps) { this.steps = steps; return this; }
    /** Sets uncached text input tokens. */
    public Builder textInputTokens(long n) { this.textInputTokens = n; return this; }
    /** Sets cached text input tokens. */
    public Builder cachedTextInputTokens(long n) { this.cachedTextInputTokens = n; return this; }
    /** Sets uncached image input tokens. */
    public Builder imageInputTokens(long n) { this.imageInputTokens = n; return this; }
    /** Sets cached image input tokens. */
    public Builder cachedImageInputTokens(long n) { this.cachedImageInputTokens = n; return this; }
    /** Sets image output tokens. */
    public Builder imageOutputTokens(long n) { this.imageOutputTokens = n; return this; }
    /** Sets text output tokens. */
    public Builder textOutputTokens(long n) { this.textOutputTokens = n; return this; }
    /** Sets billed compute seconds. */
    public Builder computeSeconds(BigDecimal seconds) { this.computeSeconds = seconds; return this; }
    /** Sets the hardware name. */
    public Builder hardware(String hardware) { this.hardware = hardware; return this; }
    /** Sets the LoRAs applied. */
    public Builder loras(int n) { this.loras = n; return this; }
    /** Sets the reference images used. */
    public Builder references(int n) { this.references = n; return this; }
    /** Sets the requests made. */
    public Builder requests(int n) { this.requests = n; return this; }
    /** Sets gigabyte-months stored. */
    public Builder storageGbMonths(BigDecimal gbMonths) { this.storageGbMonths = gbMonths; return this; }
    /** Sets the cost the provider reported. */
    public Builder reportedCost(Money cost) { this.reportedCost = Objects.requireNonNull(cost, "cost"); return this; }
    /** Sets the units the provider billed. */
    public Builder billedUnits(BigDecimal units) { this.billedUnits = Objects.requireNonNull(units, "units"); return this; }

    /**
     * Returns the usage.
     *
     * @throws IllegalArgumentException if a count or quantity is negative
     */
    public Usage build() {
      if (count != null && count < 0) throw new IllegalArgumentException("count < 0");
      if (requests < 0 || loras < 0 || references < 0) throw new IllegalArgumentException("negative quantity");
      for (long t : new long[] {textInputTokens, cachedTextInputTokens, imageInputTokens,
          cachedImageInputTokens, imageOutputTokens, textOutputTokens}) {
        if (t < 0) throw new IllegalArgumentException("negative token count");
      }
      return new Usage(this);
    }
  }
}
