package dev.unigen.planning;

import dev.unigen.Chain;
import dev.unigen.InvalidRequestException;
import dev.unigen.request.ControlNet;
import dev.unigen.request.Lora;
import dev.unigen.request.Media;
import dev.unigen.request.Request;
import dev.unigen.request.Size;
import dev.unigen.request.Task;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One line of a {@link Workload}: an operation done {@link #count()} times per user per period,
 * such as "1,000 FLUX schnell images at 1024×1024 a month". It names a task and a logical model
 * (or no model, for the cheapest offer of any model able to do the task) and the parameters that
 * decide which offers can serve it and what they charge: size or megapixels, steps, quality,
 * duration, resolution, audio, reference images, LoRAs, ControlNet guides and inputs.
 *
 * <p>The planner prices a line by building the {@link Request} of one call ({@link #request()},
 * asking for {@link #perRequest()} outputs), letting the selector choose an offer for it, and
 * applying that offer's price rule to {@link #requests()} calls; see {@link CostPlanner}.
 *
 * <p>A line may instead run a {@link Chain} {@link #count()} times, such as "500 premium photos
 * a month", each a prompt, an image, a mask, an inpaint and an upscale ({@link #builder(Chain)}).
 * The chain's steps state everything else; the planner prices one run of it with
 * {@link Chain#quote(dev.unigen.routing.Selector)} and multiplies by the count.
 *
 * <p>Immutable and threadsafe; the builder is not.
 */
public final class WorkloadLine {
  // Tasks whose calls always carry an input image; pricing counts it (FLUX.2 input megapixels).
  private static final Set<Task> IMAGE_INPUT = EnumSet.of(Task.IMAGE_TO_IMAGE, Task.INPAINT, Task.UPSCALE,
      Task.REMOVE_BACKGROUND, Task.POSE_MAP, Task.DEPTH_MAP, Task.EDGE_MAP, Task.SEGMENTATION,
      Task.IMAGE_TO_VIDEO);
  // Placeholders stand in for the user's media: the planner never sends a request anywhere.
  private static final String PLACEHOLDER = "https://planning.invalid/";

  private final String name;
  private final Chain chain;
  private final Task task;
  private final String model;
  private final String prompt;
  private final String system;
  private final Integer maxTokens;
  private final long count;
  private final int perRequest;
  private final Size size;
  private final BigDecimal megapixels;
  private final String aspectRatio;
  private final String quality;
  private final Integer steps;
  private final Duration duration;
  private final String resolution;
  private final Integer fps;
  private final boolean audio;
  private final boolean voiceControl;
  private final int references;
  private final Size referenceSize;
  private final int loras;
  private final List<ControlNet.Kind> controlNets;
  private final Size inputSize;
  private final Duration inputVideoDuration;
  private final Integer upscaleFactor;
  private final Request request;
  private final Request remainder;

  private WorkloadLine(Builder b, Size effectiveSize) {
    name = b.name;
    chain = b.chain;
    task = b.task;
    model = b.model;
    prompt = b.prompt;
    system = b.system;
    maxTokens = b.maxTokens;
    count = b.count;
    perRequest = b.perRequest;
    size = effectiveSize;
    megapixels = b.megapixels;
    aspectRatio = b.aspectRatio;
    quality = b.quality;
    steps = b.steps;
    duration = b.duration;
    resolution = b.resolution;
    fps = b.fps;
    audio = b.audio;
    voiceControl = b.voiceControl;
    references = b.references;
    referenceSize = b.referenceSize;
    loras = b.loras;
    controlNets = List.copyOf(b.controlNets);
    inputSize = b.inputSize;
    inputVideoDuration = b.inputVideoDuration;
    upscaleFactor = b.upscaleFactor;
    if (chain != null) {
      request = null;
      remainder = null;
      return;
    }
    int batch = (int) Math.min(perRequest, count);
    request = buildRequest(batch);
    int rest = (int) (count % batch);
    remainder = rest == 0 ? null : buildRequest(rest);
  }

  /** Returns a builder for a line of {@code task}, done once per period until {@code count} is set. */
  public static Builder builder(Task task) {
    return new Builder(Objects.requireNonNull(task, "task"), null);
  }

  /**
   * Returns a builder for a line that runs {@code chain} once per period until {@code count} is
   * set. Only its name and count may be set; the chain's steps state the rest.
   */
  public static Builder builder(Chain chain) {
    Objects.requireNonNull(chain, "chain");
    List<String> steps = chain.stepNames();
    return new Builder(chain.task(steps.get(steps.size() - 1)), chain);
  }

  /** Returns a builder holding this line's values. */
  public Builder toBuilder() {
    Builder b = new Builder(task, chain);
    b.name = name; b.model = model; b.prompt = prompt; b.system = system; b.maxTokens = maxTokens; b.count = count; b.perRequest = perRequest;
    if (megapixels != null) b.megapixels = megapixels; else b.size = size;
    b.aspectRatio = aspectRatio; b.quality = quality; b.steps = steps; b.duration = duration;
    b.resolution = resolution; b.fps = fps; b.audio = audio; b.voiceControl = voiceControl;
    b.references = references; b.referenceSize = referenceSize; b.loras = loras;
    b.controlNets.addAll(controlNets); b.inputSize = inputSize; b.inputVideoDuration = inputVideoDuration;
    b.upscaleFactor = upscaleFactor;
    return b;
  }

  private Request buildRequest(int n) {
    Request.Builder r = Request.builder(task).model(model).prompt(prompt).size(size).aspectRatio(aspectRatio)
        .count(n).quality(quality).duration(duration).resolution(resolution).audio(audio).voiceControl(voiceControl);
    if (steps != null) r.steps(steps);
    if (fps != null) r.fps(fps);
    r.system(system);
    if (maxTokens != null) r.maxTokens(maxTokens);
    if (upscaleFactor != null) r.upscaleFactor(upscaleFactor);
    for (int i = 1; i <= references; i++) {
      Media m = Media.url(PLACEHOLDER + "reference-" + i + ".png");
      r.reference(referenceSize == null ? m : m.withSize(referenceSize.width(), referenceSize.height()));
    }
    for (int i = 1; i <= loras; i++) r.lora(Lora.of(PLACEHOLDER + "lora-" + i + ".safetensors"));
    for (ControlNet.Kind k : controlNets) r.controlNet(ControlNet.of(k, Media.url(PLACEHOLDER + k.wireName() + ".png")));
    if (inputSize != null || IMAGE_INPUT.contains(task)) {
      Media in = Media.url(PLACEHOLDER + "input.png");
      r.image(inputSize == null ? in : in.withSize(inputSize.width(), inputSize.height()));
    }
    if (task == Task.VIDEO_TO_VIDEO || inputVideoDuration != null) {
      Media v = Media.url(PLACEHOLDER + "input.mp4");
      r.video(inputVideoDuration == null ? v : v.withDuration(inputVideoDuration));
    }
    return r.build();
  }

  /** The line's name, such as {@code STARTER: FLUX schnell images}, if it was given one. */
  public Optional<String> name() { return Optional.ofNullable(name); }

  /** The name, or else the task and model, such as {@code text-to-image flux-schnell}, or the chain, such as {@code chain premium-photo}. */
  public String label() {
    if (name != null) return name;
    if (chain != null) return "chain " + chain.name();
    return task.wireName() + " " + (model != null ? model : "(any model)");
  }

  /** The chain the line runs {@link #count()} times, if it runs one rather than a single request. */
  public Optional<Chain> chain() { return Optional.ofNullable(chain); }

  /** What is done; for a chain line, the task of its last step, which makes what the chain delivers. */
  public Task task() { return task; }
  /** The logical model id; empty for the cheapest offer of any model able to do the task. */
  public Optional<String> model() { return Optional.ofNullable(model); }
  /** A typical prompt, for rules that charge by prompt tokens. */
  public Optional<String> prompt() { return Optional.ofNullable(prompt); }
  /** A text line's typical system message, priced as input tokens like the prompt. */
  public Optional<String> system() { return Optional.ofNullable(system); }
  /** A text line's answer length in tokens, priced as output; else the offer's expected length. */
  public OptionalInt maxTokens() { return maxTokens == null ? OptionalInt.empty() : OptionalInt.of(maxTokens); }
  /** Outputs per user per period. */
  public long count() { return count; }
  /** Outputs asked of each call (at most {@link #count()}); 1 unless set. */
  public int perRequest() { return (int) Math.min(perRequest, count); }
  /** Calls per user per period: {@code ceil(count / perRequest)}; for a chain line, count × its steps. */
  public long requests() {
    if (chain != null) return count * chain.stepNames().size();
    return count / perRequest() + (remainder == null ? 0 : 1);
  }
  /** The output size: as given, or the size chosen for {@link #megapixels()}. */
  public Optional<Size> size() { return Optional.ofNullable(size); }
  /** The output megapixels (10^6 pixels), if the line was given megapixels rather than a size. */
  public Optional<BigDecimal> megapixels() { return Optional.ofNullable(megapixels); }
  /** The aspect ratio, such as {@code 16:9}. */
  public Optional<String> aspectRatio() { return Optional.ofNullable(aspectRatio); }
  /** The quality name, such as {@code hd}. */
  public Optional<String> quality() { return Optional.ofNullable(quality); }
  /** Inference or training steps. */
  public OptionalInt steps() { return steps == null ? OptionalInt.empty() : OptionalInt.of(steps); }
  /** The length of each output video. */
  public Optional<Duration> duration() { return Optional.ofNullable(duration); }
  /** The resolution name, such as {@code 720p}. */
  public Optional<String> resolution() { return Optional.ofNullable(resolution); }
  /** Frames per second of each output video. */
  public OptionalInt fps() { return fps == null ? OptionalInt.empty() : OptionalInt.of(fps); }
  /** True if videos have generated audio. */
  public boolean audio() { return audio; }
  /** True if videos use voice control. */
  public boolean voiceControl() { return voiceControl; }
  /** Reference images per call. */
  public int references() { return references; }
  /** The size of each reference image, if stated. */
  public Optional<Size> referenceSize() { return Optional.ofNullable(referenceSize); }
  /** LoRAs applied per call. */
  public int loras() { return loras; }
  /** ControlNet guides per call, by kind. */
  public List<ControlNet.Kind> controlNets() { return controlNets; }
  /** The size of the input image, if stated. */
  public Optional<Size> inputSize() { return Optional.ofNullable(inputSize); }
  /** The length of the input video, if stated. */
  public Optional<Duration> inputVideoDuration() { return Optional.ofNullable(inputVideoDuration); }
  /** The upscale factor. */
  public OptionalInt upscaleFactor() { return upscaleFactor == null ? OptionalInt.empty() : OptionalInt.of(upscaleFactor); }

  /**
   * The request of one call, asking for {@link #perRequest()} outputs: what the selector plans
   * and the chosen offer's rule prices. Inputs (reference images, LoRAs, guides, input image or
   * video) are placeholders with the stated sizes and lengths; nothing is ever sent.
   *
   * @throws IllegalStateException for a chain line, which is one request per step: see {@link #chain()}
   */
  public Request request() {
    if (chain == null) return request;
    throw new IllegalStateException("line " + label() + " runs chain " + chain.name() + ", one request per step; see chain()");
  }

  /** The request of the last, smaller call when {@code count} is not a multiple of {@code perRequest}. */
  Optional<Request> remainderRequest() { return Optional.ofNullable(remainder); }

  /** Calls of the full size {@link #perRequest()}. */
  long fullRequests() { return count / perRequest(); }

  @Override
  public String toString() {
    return "WorkloadLine(" + label() + (chain != null ? " " + chain : "") + " x" + count + ")";
  }

  /** Builds a {@link WorkloadLine}. Not threadsafe. */
  public static final class Builder {
    private final Task task;
    private final Chain chain;
    private String name;
    private String model;
    private String prompt;
    private String system;
    private Integer maxTokens;
    private long count = 1;
    private int perRequest = 1;
    private Size size;
    private BigDecimal megapixels;
    private String aspectRatio;
    private String quality;
    private Integer steps;
    private Duration duration;
    private String resolution;
    private Integer fps;
    private boolean audio;
    private boolean voiceControl;
    private int references;
    private Size referenceSize;
    private int loras;
    private final List<ControlNet.Kind> controlNets = new ArrayList<>();
    private Size inputSize;
    private Duration inputVideoDuration;
    private Integer upscaleFactor;

    private Builder(Task task, Chain chain) {
      this.task = task;
      this.chain = chain;
    }

    /** Names the line; names identify lines in scenario assignments and credit-pack outputs. */
    public Builder name(String name) { this.name = name; return this; }
    /** Sets the logical model id; null (the default) means the cheapest capable offer of any model. */
    public Builder model(String model) { this.model = model; return this; }
    /** Sets a typical prompt, for rules that charge by prompt tokens. */
    public Builder prompt(String prompt) { this.prompt = prompt; return this; }
    /** Sets a text line's typical system message. */
    public Builder system(String system) { this.system = system; return this; }
    /** Sets a text line's answer length in tokens. */
    public Builder maxTokens(int maxTokens) { this.maxTokens = maxTokens; return this; }
    /** Sets the outputs per user per period. */
    public Builder count(long count) { this.count = count; return this; }
    /** Sets the outputs asked of each call (a batch); 1 by default. */
    public Builder perRequest(int outputs) { this.perRequest = outputs; return this; }
    /** Sets the output size; replaces megapixels. */
    public Builder size(int width, int height) { this.size = Size.of(width, height); this.megapixels = null; return this; }
    /** Sets the output size; replaces megapixels. */
    public Builder size(Size size) { this.size = size; this.megapixels = null; return this; }
    /**
     * Sets the output size in megapixels of 10^6 pixels (at most six decimals); replaces a size.
     * The line is priced at the most nearly square size with exactly that many pixels, so 1 MP
     * is 1000×1000 and 2 MP 1250×1600.
     */
    public Builder megapixels(BigDecimal megapixels) { this.megapixels = megapixels; this.size = null; return this; }
    /** Sets the aspect ratio, such as {@code 16:9}. */
    public Builder aspectRatio(String ratio) { this.aspectRatio = ratio; return this; }
    /** Sets the quality name, such as {@code hd}. */
    public Builder quality(String quality) { this.quality = quality; return this; }
    /** Sets the inference or training steps. */
    public Builder steps(int steps) { this.steps = steps; return this; }
    /** Sets the length of each output video. */
    public Builder duration(Duration duration) { this.duration = duration; return this; }
    /** Sets the resolution name, such as {@code 1080p}. */
    public Builder resolution(String resolution) { this.resolution = resolution; return this; }
    /** Sets the frames per second. */
    public Builder fps(int fps) { this.fps = fps; return this; }
    /** Asks for generated audio. */
    public Builder audio(boolean audio) { this.audio = audio; return this; }
    /** Asks for voice control. */
    public Builder voiceControl(boolean voiceControl) { this.voiceControl = voiceControl; return this; }
    /** Sets the reference images per call, of unstated size (each counts as one output-sized image). */
    public Builder references(int n) { this.references = n; return this; }
    /** Sets the reference images per call and their size. */
    public Builder references(int n, Size size) { this.references = n; this.referenceSize = size; return this; }
    /** Sets the LoRAs applied per call. */
    public Builder loras(int n) { this.loras = n; return this; }
    /** Adds a ControlNet guide of {@code kind} to each call. */
    public Builder controlNet(ControlNet.Kind kind) { controlNets.add(Objects.requireNonNull(kind)); return this; }
    /** States the size of the input image (an edit, an upscale, a video's start frame). */
    public Builder inputSize(Size size) { this.inputSize = size; return this; }
    /** States the length of the input video (video-to-video). */
    public Builder inputVideoDuration(Duration duration) { this.inputVideoDuration = duration; return this; }
    /** Sets the upscale factor. */
    public Builder upscaleFactor(int factor) { this.upscaleFactor = factor; return this; }

    /**
     * Returns the line.
     *
     * @throws IllegalArgumentException if the count or batch is below 1, a count of inputs is
     *     negative, the megapixels are not positive or have more than six decimals, the name is
     *     blank, a parameter is invalid for any request (the message says which), or a chain line
     *     sets anything but its name and count
     */
    public WorkloadLine build() {
      if (name != null && name.isBlank()) throw new IllegalArgumentException("line name is blank");
      if (count < 1) throw new IllegalArgumentException("count must be at least 1: " + count);
      if (chain != null) {
        List<String> set = requestFields();
        if (!set.isEmpty()) {
          throw new IllegalArgumentException("a chain line takes a name and a count only; its chain's steps state the rest,"
              + " not " + String.join(", ", set));
        }
        return new WorkloadLine(this, null);
      }
      if (perRequest < 1) throw new IllegalArgumentException("perRequest must be at least 1: " + perRequest);
      if (references < 0) throw new IllegalArgumentException("references must not be negative: " + references);
      if (loras < 0) throw new IllegalArgumentException("loras must not be negative: " + loras);
      Size effective = size;
      if (megapixels != null) effective = squarest(megapixels);
      try {
        return new WorkloadLine(this, effective);
      } catch (InvalidRequestException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }

    /** The request parameters set on this builder, by name; a chain line may have none. */
    private List<String> requestFields() {
      List<String> set = new ArrayList<>();
      if (model != null) set.add("model");
      if (prompt != null) set.add("prompt");
      if (system != null) set.add("system");
      if (maxTokens != null) set.add("maxTokens");
      if (perRequest != 1) set.add("perRequest");
      if (size != null) set.add("size");
      if (megapixels != null) set.add("megapixels");
      if (aspectRatio != null) set.add("aspectRatio");
      if (quality != null) set.add("quality");
      if (steps != null) set.add("steps");
      if (duration != null) set.add("duration");
      if (resolution != null) set.add("resolution");
      if (fps != null) set.add("fps");
      if (audio) set.add("audio");
      if (voiceControl) set.add("voiceControl");
      if (references != 0) set.add("references");
      if (referenceSize != null) set.add("referenceSize");
      if (loras != 0) set.add("loras");
      if (!controlNets.isEmpty()) set.add("controlNets");
      if (inputSize != null) set.add("inputSize");
      if (inputVideoDuration != null) set.add("inputVideoDuration");
      if (upscaleFactor != null) set.add("upscaleFactor");
      return set;
    }

    /** The most nearly square size with exactly {@code mp} × 10^6 pixels. */
    static Size squarest(BigDecimal mp) {
      if (mp.signum() <= 0) throw new IllegalArgumentException("megapixels must be positive: " + mp);
      long pixels;
      try {
        pixels = mp.movePointRight(6).longValueExact();
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException("megapixels must have at most six decimals: " + mp.toPlainString(), e);
      }
      if (pixels > (long) Integer.MAX_VALUE) throw new IllegalArgumentException("megapixels too large: " + mp.toPlainString());
      for (long w = (long) Math.sqrt((double) pixels); w >= 1; w--) {
        if (pixels % w == 0) return Size.of((int) w, (int) (pixels / w));
      }
      throw new IllegalStateException("unreachable: 1 divides every number");
    }
  }
}
