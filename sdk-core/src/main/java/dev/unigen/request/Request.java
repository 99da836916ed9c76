package dev.unigen.request;

import dev.unigen.InvalidRequestException;
import dev.unigen.internal.JsonTree;
import dev.unigen.money.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One generation request, independent of any provider: the task, the logical model (or none, for
 * "the cheapest offer that can do this task"), and every parameter a provider may take. The
 * selector matches it against offers' capabilities and prices it with each offer's rule.
 *
 * <p>{@link Builder#build()} rejects values that are invalid everywhere with an
 * {@link InvalidRequestException}. Immutable and threadsafe; the builder is not.
 */
public final class Request {
  private static final BigDecimal MAX_TEMPERATURE = BigDecimal.valueOf(2);

  private final Task task;
  private final String model;
  private final String prompt;
  private final String negativePrompt;
  private final Size size;
  private final String aspectRatio;
  private final int count;
  private final Long seed;
  private final Integer steps;
  private final BigDecimal guidance;
  private final List<Media> references;
  private final List<ControlNet> controlNets;
  private final List<Lora> loras;
  private final Media image;
  private final Media mask;
  private final Media video;
  private final BigDecimal strength;
  private final Duration duration;
  private final String resolution;
  private final Integer fps;
  private final boolean audio;
  private final boolean voiceControl;
  private final String quality;
  private final String outputFormat;
  private final Integer upscaleFactor;
  private final String triggerWord;
  private final String system;
  private final Integer maxTokens;
  private final BigDecimal temperature;
  private final String jsonSchema;
  private final Money maxCost;
  private final Set<String> providers;
  private final Map<String, String> tags;
  private final Map<String, Map<String, Object>> providerOptions;
  // The selector reads these once per offer weighed: made once here, not on every read.
  private final Optional<String> modelValue;
  private final Optional<Size> sizeValue;
  private final Optional<String> aspectRatioValue;
  private final Optional<Duration> durationValue;
  private final Optional<String> resolutionValue;
  private final Optional<Media> imageValue;
  private final Optional<Money> maxCostValue;

  private Request(Builder b) {
    this.task = b.task;
    this.model = b.model;
    this.prompt = b.prompt;
    this.negativePrompt = b.negativePrompt;
    this.size = b.size;
    this.aspectRatio = b.aspectRatio;
    this.count = b.count;
    this.seed = b.seed;
    this.steps = b.steps;
    this.guidance = b.guidance;
    this.references = List.copyOf(b.references);
    this.controlNets = List.copyOf(b.controlNets);
    this.loras = List.copyOf(b.loras);
    this.image = b.image;
    this.mask = b.mask;
    this.video = b.video;
    this.strength = b.strength;
    this.duration = b.duration;
    this.resolution = b.resolution;
    this.fps = b.fps;
    this.audio = b.audio;
    this.voiceControl = b.voiceControl;
    this.quality = b.quality;
    this.outputFormat = b.outputFormat;
    this.upscaleFactor = b.upscaleFactor;
    this.triggerWord = b.triggerWord;
    this.system = b.system;
    this.maxTokens = b.maxTokens;
    this.temperature = b.temperature;
    this.jsonSchema = b.jsonSchema;
    this.maxCost = b.maxCost;
    this.providers = Collections.unmodifiableSet(new LinkedHashSet<>(b.providers));
    this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(b.tags));
    Map<String, Map<String, Object>> options = new LinkedHashMap<>();
    b.providerOptions.forEach((k, v) -> options.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
    this.providerOptions = Collections.unmodifiableMap(options);
    this.modelValue = Optional.ofNullable(model);
    this.sizeValue = Optional.ofNullable(size);
    this.aspectRatioValue = Optional.ofNullable(aspectRatio);
    this.durationValue = Optional.ofNullable(duration);
    this.resolutionValue = Optional.ofNullable(resolution);
    this.imageValue = Optional.ofNullable(image);
    this.maxCostValue = Optional.ofNullable(maxCost);
  }

  /** Returns a builder for a request of {@code task}. */
  public static Builder builder(Task task) {
    return new Builder(Objects.requireNonNull(task, "task"));
  }

  /** Returns a builder holding this request's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** What is asked. */
  public Task task() { return task; }
  /** The logical model id, or empty for the cheapest offer able to do the task. */
  public Optional<String> model() { return modelValue; }
  /** The prompt. */
  public Optional<String> prompt() { return Optional.ofNullable(prompt); }
  /** What the output should not show. */
  public Optional<String> negativePrompt() { return Optional.ofNullable(negativePrompt); }
  /** The output size in pixels. */
  public Optional<Size> size() { return sizeValue; }
  /** The output aspect ratio, such as {@code 16:9}. */
  public Optional<String> aspectRatio() { return aspectRatioValue; }
  /** How many outputs, at least 1. */
  public int count() { return count; }
  /** The seed; may use all 64 bits. */
  public OptionalLong seed() { return seed == null ? OptionalLong.empty() : OptionalLong.of(seed); }
  /** Inference or training steps. */
  public OptionalInt steps() { return steps == null ? OptionalInt.empty() : OptionalInt.of(steps); }
  /** Guidance (CFG) scale. */
  public Optional<BigDecimal> guidance() { return Optional.ofNullable(guidance); }
  /** Reference images for multi-reference generation, in order. */
  public List<Media> references() { return references; }
  /** ControlNet guides. */
  public List<ControlNet> controlNets() { return controlNets; }
  /** LoRA adapters. */
  public List<Lora> loras() { return loras; }
  /** The input image: init image, image to edit, upscale or segment, or the video's start frame; for training, the archive of images. */
  public Optional<Media> image() { return imageValue; }
  /** The inpainting mask. */
  public Optional<Media> mask() { return Optional.ofNullable(mask); }
  /** The input video for video-to-video. */
  public Optional<Media> video() { return Optional.ofNullable(video); }
  /** How far image-to-image departs from the input, 0..1. */
  public Optional<BigDecimal> strength() { return Optional.ofNullable(strength); }
  /** The output video length. */
  public Optional<Duration> duration() { return durationValue; }
  /** A resolution name, such as {@code 720p}, {@code 1080p} or {@code 4K}. */
  public Optional<String> resolution() { return resolutionValue; }
  /** Frames per second of the output video. */
  public OptionalInt fps() { return fps == null ? OptionalInt.empty() : OptionalInt.of(fps); }
  /** True if the video should have generated audio. */
  public boolean audio() { return audio; }
  /** True if the video should have voice control (some providers price it separately). */
  public boolean voiceControl() { return voiceControl; }
  /** A quality name, such as {@code hd}, {@code low} or {@code high}. */
  public Optional<String> quality() { return Optional.ofNullable(quality); }
  /** The output format, such as {@code png}. */
  public Optional<String> outputFormat() { return Optional.ofNullable(outputFormat); }
  /** The upscale factor, for {@link Task#UPSCALE}. */
  public OptionalInt upscaleFactor() { return upscaleFactor == null ? OptionalInt.empty() : OptionalInt.of(upscaleFactor); }
  /** The word a trained LoRA is triggered by, for {@link Task#LORA_TRAINING}. */
  public Optional<String> triggerWord() { return Optional.ofNullable(triggerWord); }
  /** The system message of a {@link Task#TEXT} request: instructions the model follows; the prompt is the user message. */
  public Optional<String> system() { return Optional.ofNullable(system); }
  /** The most output tokens a {@link Task#TEXT} request may produce. */
  public OptionalInt maxTokens() { return maxTokens == null ? OptionalInt.empty() : OptionalInt.of(maxTokens); }
  /** The sampling temperature of a {@link Task#TEXT} request, 0..2. */
  public Optional<BigDecimal> temperature() { return Optional.ofNullable(temperature); }
  /** The JSON schema the text of a {@link Task#TEXT} request must follow, as JSON text of an object. */
  public Optional<String> jsonSchema() { return Optional.ofNullable(jsonSchema); }
  /** The most this request may cost. */
  public Optional<Money> maxCost() { return maxCostValue; }
  /** The providers allowed to serve it; empty means any. */
  public Set<String> providers() { return providers; }
  /** Tags recorded with the cost, such as {@code user=u-42}. */
  public Map<String, String> tags() { return tags; }
  /** Raw parameters passed to one provider as they are, keyed by provider name. */
  public Map<String, Map<String, Object>> providerOptions() { return providerOptions; }

  /**
   * Returns this request as JSON: every field, media by reference (URL, file path) or inline
   * (base64), amounts as decimal strings. The job journal stores requests this way.
   *
   * @throws IllegalArgumentException if a provider option holds a value JSON cannot carry
   */
  public String toJson() {
    return RequestJson.write(this);
  }

  /**
   * Reads a request written by {@link #toJson()}.
   *
   * @throws IllegalArgumentException naming the field, if the JSON is not such a request
   */
  public static Request fromJson(String json) {
    return RequestJson.read(json);
  }

  /** Returns the output size if set; otherwise {@code fallback}. */
  public Size sizeOr(Size fallback) {
    return size != null ? size : fallback;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("Request(").append(task.wireName());
    if (model != null) s.append(' ').append(model);
    if (size != null) s.append(' ').append(size);
    if (count != 1) s.append(" x").append(count);
    if (duration != null) s.append(' ').append(duration.toMillis() / 1000.0).append('s');
    if (resolution != null) s.append(' ').append(resolution);
    if (audio) s.append(" audio");
    if (!references.isEmpty()) s.append(" refs=").append(references.size());
    return s.append(')').toString();
  }

  /** Builds a {@link Request}. Not threadsafe. */
  public static final class Builder {
    private Task task;
    private String model;
    private String prompt;
    private String negativePrompt;
    private Size size;
    private String aspectRatio;
    private int count = 1;
    private Long seed;
    private Integer steps;
    private BigDecimal guidance;
    private final List<Media> references = new ArrayList<>();
    private final List<ControlNet> controlNets = new ArrayList<>();
    private final List<Lora> loras = new ArrayList<>();
    private Media image;
    private Media mask;
    private Media video;
    private BigDecimal strength;
    private Duration duration;
    private String resolution;
    private Integer fps;
    private boolean audio;
    private boolean voiceControl;
    private String quality;
    private String outputFormat;
    private Integer upscaleFactor;
    private String triggerWord;
    private String system;
    private Integer maxTokens;
    private BigDecimal temperature;
    private String jsonSchema;
    private Money maxCost;
    private final Set<String> providers = new LinkedHashSet<>();
    private final Map<String, String> tags = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> providerOptions = new LinkedHashMap<>();

    private Builder(Task task) {
      this.task = task;
    }

    private Builder(Request r) {
      task = r.task; model = r.model; prompt = r.prompt; negativePrompt = r.negativePrompt;
      size = r.size; aspectRatio = r.aspectRatio; count = r.count; seed = r.seed; steps = r.steps;
      guidance = r.guidance; references.addAll(r.references); controlNets.addAll(r.controlNets);
      loras.addAll(r.loras); image = r.image; mask = r.mask; video = r.video; strength = r.strength;
      duration = r.duration; resolution = r.resolution; fps = r.fps; audio = r.audio;
      voiceControl = r.voiceControl; quality = r.quality; outputFormat = r.outputFormat;
      upscaleFactor = r.upscaleFactor; triggerWord = r.triggerWord; system = r.system; maxTokens = r.maxTokens;
      temperature = r.temperature; jsonSchema = r.jsonSchema; maxCost = r.maxCost; providers.addAll(r.providers);
      tags.putAll(r.tags); providerOptions.putAll(r.providerOptions);
    }

    /** Sets the task. */
    public Builder task(Task task) { this.task = Objects.requireNonNull(task, "task"); return this; }
    /** Sets the logical model id; null means the cheapest capable offer. */
    public Builder model(String model) { this.model = model; return this; }
    /** Sets the prompt. */
    public Builder prompt(String prompt) { this.prompt = prompt; return this; }
    /** Sets the negative prompt. */
    public Builder negativePrompt(String negativePrompt) { this.negativePrompt = negativePrompt; return this; }
    /** Sets the output size. */
    public Builder size(Size size) { this.size = size; return this; }
    /**
     * Sets the output size in pixels.
     *
     * @throws InvalidRequestException if either is not positive
     */
    public Builder size(int width, int height) {
      if (width <= 0 || height <= 0) {
        throw new InvalidRequestException("size must be positive: " + width + "x" + height);
      }
      this.size = Size.of(width, height);
      return this;
    }
    /** Sets the aspect ratio, such as {@code 16:9}. */
    public Builder aspectRatio(String aspectRatio) { this.aspectRatio = aspectRatio; return this; }
    /** Sets how many outputs to make. */
    public Builder count(int count) { this.count = count; return this; }
    /** Sets the seed. */
    public Builder seed(long seed) { this.seed = seed; return this; }
    /** Sets the inference or training steps. */
    public Builder steps(int steps) { this.steps = steps; return this; }
    /** Sets the guidance scale. */
    public Builder guidance(BigDecimal guidance) { this.guidance = guidance; return this; }
    /** Adds a reference image. */
    public Builder reference(Media media) { references.add(Objects.requireNonNull(media, "media")); return this; }
    /** Adds reference images. */
    public Builder references(List<Media> media) { media.forEach(this::reference); return this; }
    /** Adds a ControlNet guide. */
    public Builder controlNet(ControlNet controlNet) { controlNets.add(Objects.requireNonNull(controlNet, "controlNet")); return this; }
    /** Adds a LoRA. */
    public Builder lora(Lora lora) { loras.add(Objects.requireNonNull(lora, "lora")); return this; }
    /** Sets the input image. */
    public Builder image(Media image) { this.image = image; return this; }
    /** Sets the inpainting mask. */
    public Builder mask(Media mask) { this.mask = mask; return this; }
    /** Sets the input video. */
    public Builder video(Media video) { this.video = video; return this; }
    /** Sets the image-to-image strength, 0..1. */
    public Builder strength(BigDecimal strength) { this.strength = strength; return this; }
    /** Sets the output video length. */
    public Builder duration(Duration duration) { this.duration = duration; return this; }
    /** Sets the resolution name, such as {@code 1080p}. */
    public Builder resolution(String resolution) { this.resolution = resolution; return this; }
    /** Sets the frames per second. */
    public Builder fps(int fps) { this.fps = fps; return this; }
    /** Asks for generated audio. */
    public Builder audio(boolean audio) { this.audio = audio; return this; }
    /** Asks for voice control. */
    public Builder voiceControl(boolean voiceControl) { this.voiceControl = voiceControl; return this; }
    /** Sets the quality name. */
    public Builder quality(String quality) { this.quality = quality; return this; }
    /** Sets the output format. */
    public Builder outputFormat(String outputFormat) { this.outputFormat = outputFormat; return this; }
    /** Sets the upscale factor. */
    public Builder upscaleFactor(int factor) { this.upscaleFactor = factor; return this; }
    /** Sets the trigger word of a LoRA to train. */
    public Builder triggerWord(String word) { this.triggerWord = word; return this; }
    /** Sets the system message of a text request. */
    public Builder system(String system) { this.system = system; return this; }
    /** Sets the most output tokens of a text request. */
    public Builder maxTokens(int maxTokens) { this.maxTokens = maxTokens; return this; }
    /** Sets the sampling temperature of a text request, 0..2. */
    public Builder temperature(BigDecimal temperature) { this.temperature = temperature; return this; }
    /**
     * Sets the JSON schema the text must follow, as the JSON text of a schema object; null for free
     * text.
     *
     * @throws InvalidRequestException if {@code schema} is not the JSON text of an object
     */
    public Builder jsonSchema(String schema) {
      if (schema != null) {
        Object parsed;
        try {
          parsed = JsonTree.parse(schema);
        } catch (IllegalArgumentException e) {
          throw new InvalidRequestException("jsonSchema is not JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map)) throw new InvalidRequestException("jsonSchema must be a JSON object");
      }
      this.jsonSchema = schema;
      return this;
    }
    /** Sets the most this request may cost. */
    public Builder maxCost(Money maxCost) { this.maxCost = maxCost; return this; }
    /** Restricts the providers that may serve the request. */
    public Builder allowProvider(String provider) { providers.add(Objects.requireNonNull(provider, "provider")); return this; }
    /** Adds a tag recorded with the cost. */
    public Builder tag(String key, String value) { tags.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value")); return this; }
    /** Adds raw parameters passed as they are to {@code provider}. */
    public Builder providerOptions(String provider, Map<String, Object> options) {
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(options, "options");
      for (String key : options.keySet()) {
        if (key == null) throw new NullPointerException("providerOptions(" + provider + "): a key is null");
      }
      providerOptions.put(provider, new LinkedHashMap<>(options));
      return this;
    }

    /**
     * Returns the request.
     *
     * @throws InvalidRequestException if a value is invalid for every provider
     */
    public Request build() {
      if (model != null && model.isBlank()) throw new InvalidRequestException("model is blank");
      if (prompt != null && prompt.isBlank()) throw new InvalidRequestException("prompt is empty");
      if (count < 1) throw new InvalidRequestException("count must be at least 1: " + count);
      if (steps != null && steps < 1) throw new InvalidRequestException("steps must be at least 1: " + steps);
      if (guidance != null && guidance.signum() < 0) throw new InvalidRequestException("guidance is negative: " + guidance);
      if (strength != null && (strength.signum() < 0 || strength.compareTo(BigDecimal.ONE) > 0)) {
        throw new InvalidRequestException("strength must be within 0..1: " + strength);
      }
      if (duration != null && (duration.isNegative() || duration.isZero())) {
        throw new InvalidRequestException("duration must be positive: " + duration);
      }
      if (fps != null && fps < 1) throw new InvalidRequestException("fps must be at least 1: " + fps);
      if (upscaleFactor != null && upscaleFactor < 1) {
        throw new InvalidRequestException("upscale factor must be at least 1: " + upscaleFactor);
      }
      if (system != null && system.isBlank()) throw new InvalidRequestException("system message is empty");
      if (maxTokens != null && maxTokens < 1) throw new InvalidRequestException("maxTokens must be at least 1: " + maxTokens);
      if (temperature != null && (temperature.signum() < 0 || temperature.compareTo(MAX_TEMPERATURE) > 0)) {
        throw new InvalidRequestException("temperature must be within 0..2: " + temperature.toPlainString());
      }
      if (maxCost != null && maxCost.isNegative()) {
        throw new InvalidRequestException("maxCost is negative: " + maxCost);
      }
      return new Request(this);
    }
  }
}
